// vite empties dist/ before each build; dist/.keep must survive because
// frontend/embed.go go:embeds dist and git keeps the folder through .keep.
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
writeFileSync(fileURLToPath(new URL('../dist/.keep', import.meta.url)), '');
