import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import i18n from './index';
import zh from './zh-CN.json';
import { compile, engineText } from './engineText';

describe('engineText', () => {
  beforeAll(async () => {
    i18n.addResourceBundle('zh-CN', 'translation', zh, true, true);
    await i18n.changeLanguage('zh-CN');
  });
  afterAll(async () => {
    await i18n.changeLanguage('en');
  });

  it.each([
    ['a gap with an enum word', '张伟 is a decision maker and nobody on our team covers them.', '张伟是决策者，我方无人覆盖。'],
    ['numbers kept', '李娜 opposes us with influence 5.', '李娜反对我们，影响力 5。'],
    ['arguments reordered', '王芳, economic buyer at step 3 of 云平台项目, has no working coverage.', '王芳（云平台项目第 3 步的经济决策人）没有工作关系覆盖。'],
    ['two sentences joined', 'No interaction with 赵磊 in 40 days (last 2026-10-01). The strategic policy asks for a meeting every 30 days; it was due 2026-10-31.',
      '40 天未与赵磊互动（上次 2026-10-01）。战略客户政策要求每 30 天见面一次，应于 2026-10-31 前见面。'],
    ['a sentence inside an argument', 'No open decision chain; 1 of 2 decision makers and economic buyers covered at strength 2 or more: 0.50.',
      '没有进行中的决策链；2 位决策者和经济决策人中有 1 位达到强度 2 及以上的覆盖：0.50。'],
    ['a percent sign', '3 of 6 open decision-chain links covered at strength 2 or more (42% of their weight) and 1 of 2 decision makers and economic buyers covered at strength 2 or more: ½·0.42 + ½·0.50 = 0.46.',
      '进行中决策链的 6 个环节中有 3 个达到强度 2 及以上的覆盖（占其权重的 42%），且2 位决策者和经济决策人中有 1 位达到强度 2 及以上的覆盖：½·0.42 + ½·0.50 = 0.46。'],
    ['counts of enum words', '3 open complaints (2 high, 1 medium), 1 of them past their response time and counted twice: 1 − 0.90 = 0.10.',
      '3 起未结投诉（高 2，中 1），其中 1 起超过响应时限，计两次：1 − 0.90 = 0.10。'],
    ['unknown sentences stay as written', 'Something new the engine says.', 'Something new the engine says.'],
  ])('%s', (_, en, want) => {
    expect(engineText(en)).toBe(want);
  });

  it('leaves English as the API wrote it', async () => {
    await i18n.changeLanguage('en');
    expect(engineText('李娜 opposes us with influence 5.')).toBe('李娜 opposes us with influence 5.');
    await i18n.changeLanguage('zh-CN');
  });

  it('compiles Go verbs to groups', () => {
    const { re, verbs } = compile('%s (strength %d) scored %.2f at 100%%.');
    expect(verbs).toEqual(['s', 'd', 'f']);
    expect(re.exec('Ann (strength 3) scored 0.75 at 100%.')?.slice(1)).toEqual(['Ann', '3', '0.75']);
  });
});
