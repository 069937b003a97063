/**
 * The fixture corpus of the scrubber: strings that must be redacted (with
 * what they must become) and strings that must come through unchanged. The
 * unit tests run every entry; the benchmark reuses the strings.
 */
import type { RedactionKind } from './scrub.js';

export interface MustRedact {
  readonly text: string;
  readonly scrubbed: string;
  readonly kinds: Partial<Record<RedactionKind, number>>;
}

export const MUST_REDACT: readonly MustRedact[] = [
  // e-mail addresses
  { text: 'jane.doe@example.com', scrubbed: '[email]', kinds: { email: 1 } },
  { text: 'contact: Jane <jane+caro@mail.example.co.uk>', scrubbed: 'contact: Jane <[email]>', kinds: { email: 1 } },
  { text: 'a@b.io and c.d@e.fr', scrubbed: '[email] and [email]', kinds: { email: 2 } },
  // IP addresses
  { text: 'connect ECONNREFUSED 192.168.1.23:5432', scrubbed: 'connect ECONNREFUSED [ip]:5432', kinds: { ip: 1 } },
  { text: 'client 203.0.113.7 timed out', scrubbed: 'client [ip] timed out', kinds: { ip: 1 } },
  { text: 'from 2001:db8:85a3::8a2e:370:7334', scrubbed: 'from [ip]', kinds: { ip: 1 } },
  { text: 'peer fe80::1ff:fe23:4567:890a%eth0 reset', scrubbed: 'peer [ip] reset', kinds: { ip: 1 } },
  { text: 'addr 2001:0db8:0000:0000:0000:ff00:0042:8329', scrubbed: 'addr [ip]', kinds: { ip: 1 } },
  // home directories that carry a user name
  { text: 'cannot read /Users/jane/projects/caro/config.toml', scrubbed: 'cannot read [path]', kinds: { path: 1 } },
  { text: 'ENOENT: /home/bob/.config/caro', scrubbed: 'ENOENT: [path]', kinds: { path: 1 } },
  { text: 'C:\\Users\\Jane Smith\\AppData', scrubbed: '[path] Smith\\AppData', kinds: { path: 1 } },
  { text: 'at C:\\Users\\jsmith\\AppData\\Local\\caro\\caro.exe', scrubbed: 'at [path]', kinds: { path: 1 } },
  { text: 'file:///home/alice/notes.txt', scrubbed: 'file://[path]', kinds: { path: 1 } },
  { text: 'shell: "/home/dev/bin/zsh"', scrubbed: 'shell: "[path]"', kinds: { path: 1 } },
  // secrets and tokens
  { text: 'key AKIAIOSFODNN7EXAMPLE leaked', scrubbed: 'key [secret] leaked', kinds: { secret: 1 } },
  { text: 'aws secret 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', scrubbed: 'aws secret [secret]', kinds: { secret: 1 } },
  { text: 'GITHUB_TOKEN=ghp_16C7e42F292c6912E7710c838347Ae178B4a', scrubbed: 'GITHUB_TOKEN=[secret]', kinds: { secret: 1 } },
  { text: 'github_pat_11ABCDEFG0123456789_abcdefghijklmnopqrstuvwxyz', scrubbed: '[secret]', kinds: { secret: 1 } },
  { text: 'slack xoxb-123456789012-1234567890123-AbCdEfGhIjKlMnOpQrStUvWx', scrubbed: 'slack [secret]', kinds: { secret: 1 } },
  {
    text: 'Authorization: Bearer eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U',
    scrubbed: 'Authorization: Bearer [secret]',
    kinds: { secret: 1 },
  },
  { text: 'token eyJhbGciOiJIUzI1NiJ9.eyJ1c2VyIjoiamFuZSJ9.c2lnbmF0dXJlMTIz', scrubbed: 'token [secret]', kinds: { secret: 1 } },
  {
    text: '-----BEGIN RSA PRIVATE KEY-----\nMIIEpAIBAAKCAQEA0Z3VS5JJcds3xfn/ygWyF8PbnGy0AHB7MhgwMbRvI0MBZhpF\n-----END RSA PRIVATE KEY-----',
    scrubbed: '[secret]',
    kinds: { secret: 1 },
  },
  { text: '-----BEGIN OPENSSH PRIVATE KEY----- b3BlbnNzaC1rZXktdjEAAAAABG5vbmU', scrubbed: '[secret]', kinds: { secret: 1 } },
  { text: 'postgres://admin:s3cr3t-pw@db.internal:5432/app', scrubbed: 'postgres://[secret]@db.internal:5432/app', kinds: { secret: 1 } },
  { text: 'login failed password=hunter22', scrubbed: 'login failed password=[secret]', kinds: { secret: 1 } },
  { text: 'api_key: 9fK2mQ7xR4tZ', scrubbed: 'api_key: [secret]', kinds: { secret: 1 } },
  { text: 'sk_live_4eC39HqLyjWDarjtT1zdp7dc', scrubbed: '[secret]', kinds: { secret: 1 } },
  { text: 'OPENAI sk-proj-Xb7QkP2mL9vR4tZ8wY3nH6jF', scrubbed: 'OPENAI [secret]', kinds: { secret: 1 } },
  { text: 'random blob Zk9qX2pL7mR4vT8wY3bN6cH1jF5gD0sQ', scrubbed: 'random blob [secret]', kinds: { secret: 1 } },
  // credit-card numbers (Luhn-valid)
  { text: 'card 4111 1111 1111 1111 declined', scrubbed: 'card [card] declined', kinds: { card: 1 } },
  { text: '5500-0000-0000-0004', scrubbed: '[card]', kinds: { card: 1 } },
  { text: 'amex 378282246310005', scrubbed: 'amex [card]', kinds: { card: 1 } },
  // phone numbers
  { text: 'call +1 (415) 555-0100 now', scrubbed: 'call [phone] now', kinds: { phone: 1 } },
  { text: '+44 20 7946 0958', scrubbed: '[phone]', kinds: { phone: 1 } },
  { text: 'sms +14155550100', scrubbed: 'sms [phone]', kinds: { phone: 1 } },
  { text: 'office (415) 555-0100', scrubbed: 'office [phone]', kinds: { phone: 1 } },
  { text: 'cell 415-555-0100', scrubbed: 'cell [phone]', kinds: { phone: 1 } },
  { text: 'tél 06 12 34 56 78', scrubbed: 'tél [phone]', kinds: { phone: 1 } },
  // several kinds in one string
  {
    text: 'user jane@corp.io at 10.1.2.3 ran /home/jane/x with card 4242424242424242',
    scrubbed: 'user [email] at [ip] ran [path] with card [card]',
    kinds: { email: 1, ip: 1, path: 1, card: 1 },
  },
];

/** Strings that carry no personal data or secret and must come through unchanged. */
export const MUST_NOT_REDACT: readonly string[] = [
  // version numbers
  '1.1.0',
  'v1.1.0-beta.2',
  '20.19.0',
  '10.0.19045.3803',
  'rustc 1.78.0 (9b00956e5 2024-04-29)',
  'caro@1.1.0',
  '@types/node@20.19.43',
  'macOS 14.4.1 (23E224)',
  // ids, hashes and durations
  '550e8400-e29b-41d4-a716-446655440000',
  'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
  'da39a3ee5e6b4b0d3255bfef95601890afd80709',
  'u_3f2a9c81d07e',
  's_01HZY3K6Q8W9X7V5T3R1P0N2M4',
  'k3j9x0q2m5n8p1r4t7w6y0z3b5c8d2f4',
  '1500ms',
  '2h30m',
  'PT1H30M',
  '12.5s',
  // times and numbers
  '2026-11-22T09:30:00Z',
  '2026-11-22 09:30:00.123+01:00',
  '1763803800000',
  '3.14159',
  '42',
  'exit code 127',
  'took 1234567 ns',
  // addresses that identify no one, and non-addresses
  'listening on 127.0.0.1:4100',
  'bind 0.0.0.0:8080',
  'connect ::1 port 5432',
  'mac aa:bb:cc:dd:ee:ff',
  'std::io::Error',
  'Foo::Bar::baz()',
  // paths without a user name, URLs
  '/usr/local/bin/caro',
  '/opt/homebrew/bin',
  '~/.config/caro/config.toml',
  'https://example.com/home/index.html',
  'src/components/LoginForm.tsx',
  'packages/web-app/src/routes/dashboard/settings.ts',
  'node_modules/.pnpm/typescript@5.4.5/node_modules',
  // identifiers and prose
  'CommandGenerationTimeoutError',
  'ValidationFailedForConfigurationEntry',
  'internationalization_localization_settings',
  'the quick brown fox jumps over the lazy dog',
  'zsh',
  'x86_64-unknown-linux-gnu',
  'aarch64-apple-darwin',
  'npm ERR! code ERESOLVE',
  'Error: timeout after 30000ms (retry 3 of 5)',
  'token limit exceeded',
  'password reset email sent',
  '@scope/package',
  'ticket #12345',
  'SHA-256',
];
