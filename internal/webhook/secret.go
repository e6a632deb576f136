package webhook

import (
	"context"
	"crypto/aes"
	"crypto/cipher"
	"crypto/rand"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"

	"rapport/ent"
	"rapport/ent/webhook"
	"rapport/internal/auth"
)

// sealedPrefix marks a secret stored encrypted; a value without it is a
// plain secret from before encryption (SealStored encrypts those).
const sealedPrefix = "v1:"

// Sealer encrypts webhook secrets for storage with AES-256-GCM, so that a
// copy of the database (a backup, a replica) cannot sign deliveries.
type Sealer struct {
	aead cipher.AEAD
}

// NewSealer returns a sealer over a 32-byte key.
func NewSealer(key []byte) (*Sealer, error) {
	if len(key) != 32 {
		return nil, fmt.Errorf("the secret key must be 32 bytes, got %d", len(key))
	}
	block, err := aes.NewCipher(key)
	if err != nil {
		return nil, err
	}
	aead, err := cipher.NewGCM(block)
	if err != nil {
		return nil, err
	}
	return &Sealer{aead: aead}, nil
}

// Seal returns the stored form of secret.
func (s *Sealer) Seal(secret string) string {
	nonce := make([]byte, s.aead.NonceSize())
	_, _ = rand.Read(nonce)
	return sealedPrefix + base64.RawStdEncoding.EncodeToString(s.aead.Seal(nonce, nonce, []byte(secret), []byte("webhook-secret")))
}

// Open returns the secret of a stored value (a plain legacy value as is).
func (s *Sealer) Open(stored string) (string, error) {
	b64, ok := strings.CutPrefix(stored, sealedPrefix)
	if !ok {
		return stored, nil
	}
	raw, err := base64.RawStdEncoding.DecodeString(b64)
	if err != nil || len(raw) < s.aead.NonceSize() {
		return "", errors.New("stored webhook secret is damaged")
	}
	n := s.aead.NonceSize()
	plain, err := s.aead.Open(nil, raw[:n], raw[n:], []byte("webhook-secret"))
	if err != nil {
		return "", errors.New("stored webhook secret cannot be decrypted: is this the key it was stored with?")
	}
	return string(plain), nil
}

// SealHook encrypts a webhook's secret whenever one is written, whoever
// writes it: the resolver, the CLI or a test never store it in plain text.
func (s *Sealer) SealHook(next ent.Mutator) ent.Mutator {
	return ent.MutateFunc(func(ctx context.Context, m ent.Mutation) (ent.Value, error) {
		if wm, ok := m.(*ent.WebhookMutation); ok {
			if secret, set := wm.Secret(); set && !strings.HasPrefix(secret, sealedPrefix) {
				wm.SetSecret(s.Seal(secret))
			}
		}
		return next.Mutate(ctx, m)
	})
}

// SealStored encrypts the secrets stored in plain text before encryption
// existed; it returns how many it sealed.
func (s *Sealer) SealStored(ctx context.Context, c *ent.Client) (int, error) {
	ctx = auth.WithViewer(ctx, auth.System)
	hooks, err := c.Webhook.Query().Where(webhook.Not(webhook.SecretHasPrefix(sealedPrefix))).All(ctx)
	if err != nil {
		return 0, fmt.Errorf("load webhooks to seal: %w", err)
	}
	for _, h := range hooks {
		if err := c.Webhook.UpdateOne(h).SetSecret(s.Seal(h.Secret)).Exec(ctx); err != nil {
			return 0, fmt.Errorf("seal webhook %d's secret: %w", h.ID, err)
		}
	}
	return len(hooks), nil
}

// ParseKey reads a 32-byte key written as hex or base64.
func ParseKey(s string) ([]byte, error) {
	s = strings.TrimSpace(s)
	if b, err := hex.DecodeString(s); err == nil && len(b) == 32 {
		return b, nil
	}
	for _, enc := range []*base64.Encoding{base64.StdEncoding, base64.RawStdEncoding, base64.URLEncoding, base64.RawURLEncoding} {
		if b, err := enc.DecodeString(s); err == nil && len(b) == 32 {
			return b, nil
		}
	}
	return nil, errors.New("want 32 bytes written as 64 hex digits or base64")
}

// LoadKey returns the key configured as key, or else the one in file,
// which it creates (mode 0600) with a random key when missing. It reports
// whether it created the file.
func LoadKey(key, file string) ([]byte, bool, error) {
	if key != "" {
		b, err := ParseKey(key)
		if err != nil {
			return nil, false, fmt.Errorf("RAPPORT_SECRET_KEY: %w", err)
		}
		return b, false, nil
	}
	if file == "" {
		return nil, false, errors.New("set RAPPORT_SECRET_KEY or RAPPORT_SECRET_KEY_FILE")
	}
	if data, err := os.ReadFile(file); err == nil {
		b, err := ParseKey(string(data))
		if err != nil {
			return nil, false, fmt.Errorf("secret key file %s: %w", file, err)
		}
		return b, false, nil
	} else if !errors.Is(err, os.ErrNotExist) {
		return nil, false, fmt.Errorf("read secret key file: %w", err)
	}
	b := make([]byte, 32)
	_, _ = rand.Read(b)
	if dir := filepath.Dir(file); dir != "." {
		if err := os.MkdirAll(dir, 0o700); err != nil {
			return nil, false, fmt.Errorf("create the secret key's folder: %w", err)
		}
	}
	f, err := os.OpenFile(file, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		if errors.Is(err, os.ErrExist) { // another process made it first
			return LoadKey("", file)
		}
		return nil, false, fmt.Errorf("create secret key file: %w", err)
	}
	defer f.Close()
	if _, err := f.WriteString(hex.EncodeToString(b) + "\n"); err != nil {
		return nil, false, fmt.Errorf("write secret key file: %w", err)
	}
	return b, true, nil
}

var (
	processKeyOnce sync.Once
	processSealer  *Sealer
)

// ProcessSealer is the sealer of stores opened without a key (tests and
// tools that never deliver): a random key shared by the whole process, so
// that two stores over one database in one test agree.
func ProcessSealer() *Sealer {
	processKeyOnce.Do(func() {
		key := make([]byte, 32)
		_, _ = rand.Read(key)
		processSealer, _ = NewSealer(key)
	})
	return processSealer
}
