import { describe, expect, it } from 'vitest';
import { processFamilies } from './process-families.js';
import { renderExposition } from './text-format.js';

describe('processFamilies', () => {
  it('exposes the memory figures under the client libraries’ names, as gauges', () => {
    const text = renderExposition(processFamilies({ rss: 150_000_000, heapTotal: 40_000_000, heapUsed: 30_000_000, external: 9_000_000, arrayBuffers: 8_000_000 }));
    expect(text).toContain('# TYPE process_resident_memory_bytes gauge\nprocess_resident_memory_bytes 150000000\n');
    expect(text).toContain('nodejs_heap_size_used_bytes 30000000\n');
    expect(text).toContain('nodejs_heap_size_total_bytes 40000000\n');
    expect(text).toContain('nodejs_external_memory_bytes 9000000\n');
    expect(text).toContain('nodejs_array_buffers_bytes 8000000\n');
  });
});
