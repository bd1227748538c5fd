/**
 * iproute2's JSON writer (lib/json_writer.c) and print layer, as the ip
 * commands use them: compact and pretty layouts, empty arrays, escapes, and
 * printf's conversions of the plain output.
 */
import { describe, expect, it } from 'vitest';
import { IpOutput, JsonWriter, PRINT_ANY, PRINT_FP, PRINT_JSON, cformat } from './commands/ip-json.ts';

function written(fill: (out: IpOutput) => void, json: boolean, pretty: boolean): string {
  let text = '';
  const out = new IpOutput({ write: (t) => void (text += t) }, json, pretty);
  fill(out);
  return text;
}

const sample = (out: IpOutput): void => {
  out.newJsonObj();
  out.openObject();
  out.int(PRINT_ANY, 'ifindex', '%d: ', 3);
  out.string(PRINT_ANY, 'ifname', '%s: ', 'v0');
  out.openArray(PRINT_ANY, out.inJson ? 'flags' : '<');
  out.string(PRINT_ANY, null, '%s,', 'UP');
  out.string(PRINT_ANY, null, '%s', 'LOWER_UP');
  out.closeArray(PRINT_ANY, '> ');
  out.openArray(PRINT_JSON, 'addr_info');
  out.closeArray(PRINT_JSON, '');
  out.string(PRINT_FP, null, '%s', '\n');
  out.closeObject();
  out.deleteJsonObj();
};

describe('the ip output layer', () => {
  it('prints plain text with the formats, JSON compact, and JSON pretty as jsonw does (4 spaces, "[ {", "} ]", "[ ]")', () => {
    expect(written(sample, false, false)).toBe('3: v0: <UP,LOWER_UP> \n');
    expect(written(sample, true, false)).toBe('[{"ifindex":3,"ifname":"v0","flags":["UP","LOWER_UP"],"addr_info":[]}]\n');
    expect(written(sample, true, true)).toBe('[ {\n        "ifindex": 3,\n        "ifname": "v0",\n        "flags": [ "UP","LOWER_UP" ],\n        "addr_info": [ ]\n    } ]\n');
  });

  it('an empty listing is [] (or [ ] pretty), and strings are escaped', () => {
    expect(written((o) => { o.newJsonObj(); o.deleteJsonObj(); }, true, false)).toBe('[]\n');
    expect(written((o) => { o.newJsonObj(); o.deleteJsonObj(); }, true, true)).toBe('[ ]\n');
    let text = '';
    const jw = new JsonWriter((t) => void (text += t), false);
    jw.startObject();
    jw.name('a"b');
    jw.string('x\ty\\');
    jw.endObject();
    expect(text).toBe('{"a\\"b":"x\\ty\\\\"}');
  });

  it('cformat pads and converts as printf does', () => {
    expect(cformat('%-16s ', 'v0@v1')).toBe('v0@v1            ');
    expect(cformat('%-14s ', 'LOWERLAYERDOWN')).toBe('LOWERLAYERDOWN ');
    expect(cformat('flags %02x ', 8)).toBe('flags 08 ');
    expect(cformat('mtu %u ', 1500)).toBe('mtu 1500 ');
  });
});
