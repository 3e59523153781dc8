import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ConfigError } from './config-error.ts';
import { validateConfig } from './validate-config.ts';

// Whatever else is wrong with a config, the token, password and manifest key never reach a
// message, the error details, or a warning.
describe('secrets stay out of messages', () => {
  const secret = fc.string({ unit: fc.constantFrom('a', 'Z', '7', '_', '-'), minLength: 6, maxLength: 16 }).map((s) => `SeCrEt${s}`);
  const placed = (s: string) => fc.constantFrom<unknown>(s, `${s} tail`, `${s}\n\tmore`, `\u0000${s}`, [s], { value: s }, '');
  const doc = secret.chain((s) =>
    fc.record({
      secret: fc.constant(s),
      raw: fc.record(
        {
          owner: fc.constantFrom<unknown>('me', '', 'YOUR_REPO_NAME', 5),
          repo: fc.constantFrom<unknown>('app', 'a/b'),
          token: placed(s),
          password: placed(s),
          manifest_key: placed(s),
          chunk: fc.constantFrom<unknown>(1024, 'big'),
          channel: fc.constantFrom<unknown>('stable', 'stabel'),
          api_base: fc.constantFrom<unknown>('https://api.github.com', 'http://ghe.example.com'),
          tokne: fc.constant(s),
        },
        { requiredKeys: ['token'] },
      ),
    }),
  );

  it('for any mix of good and bad keys', () => {
    fc.assert(
      fc.property(doc, ({ secret: s, raw }) => {
        let text: string;
        try {
          const { warnings } = validateConfig(raw, 'ota_config.json');
          text = warnings.join('\n');
        } catch (err) {
          if (!(err instanceof ConfigError)) throw err;
          text = `${err.message}\n${JSON.stringify(err.details)}`;
        }
        expect(text).not.toContain(s);
        expect(text).not.toContain('SeCrEt');
      }),
      { numRuns: 500 },
    );
  });
});
