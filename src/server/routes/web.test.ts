import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { cacheControl, loadWebFiles, withTokenHint } from './web.js';

const dir = mkdtempSync(join(tmpdir(), 'lw-web-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('cacheControl', () => {
  it('caches hashed assets for good and revalidates the page', () => {
    expect(cacheControl('assets/index-3f2a.js')).toBe('public, max-age=31536000, immutable');
    expect(cacheControl('index.html')).toBe('no-cache');
  });
});

describe('loadWebFiles', () => {
  it('is undefined until the app is built', () => {
    expect(loadWebFiles(join(dir, 'missing'))).toBeUndefined();
  });
  it('reads every file with its type, and a gzip form of large text', () => {
    mkdirSync(join(dir, 'assets'));
    writeFileSync(join(dir, 'index.html'), '<!doctype html><title>x</title>');
    const script = 'console.log(1);\n'.repeat(200);
    writeFileSync(join(dir, 'assets', 'a-1.js'), script);
    const files = loadWebFiles(dir);
    expect([...(files?.keys() ?? [])].sort()).toEqual(['assets/a-1.js', 'index.html']);
    const js = files?.get('assets/a-1.js');
    expect(js?.type).toBe('text/javascript; charset=utf-8');
    expect(gunzipSync(js?.gzip ?? Buffer.alloc(0)).toString()).toBe(script);
    expect(files?.get('index.html')?.gzip).toBeUndefined();
  });
});

describe('withTokenHint', () => {
  it('tells the page whether a token is needed', () => {
    expect(withTokenHint('<head><title>x</title></head>', true)).toBe('<head><title>x</title>  <meta name="launchwatch-token" content="required" />\n  </head>');
    expect(withTokenHint('<head></head>', false)).toContain('content="none"');
  });
});
