// Helpers of the file-download tests: Berlin months, an RFC 4180 CSV parser, and reading an xlsx file's first worksheet (unzip -l, python3 zipfile).
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

// YYYY-MM of now (plus n months) in Berlin.
export function berlinMonth(n = 0) {
  const p = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Berlin', year: 'numeric', month: '2-digit' }).formatToParts(new Date());
  let y = Number(p.find((x) => x.type === 'year').value), m = Number(p.find((x) => x.type === 'month').value) + n;
  while (m < 1) { m += 12; y--; }
  while (m > 12) { m -= 12; y++; }
  return `${y}-${String(m).padStart(2, '0')}`;
}

// RFC 4180 parser: rows of cells; quoted cells keep their text, doubled quotes undone.
export function parseCsv(text, sep) {
  const rows = [];
  let row = [], cell = '', i = 0, quoted = false;
  while (i < text.length) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') { cell += '"'; i += 2; continue; }
      if (c === '"') { quoted = false; i++; continue; }
      cell += c; i++; continue;
    }
    if (c === '"') { quoted = true; i++; continue; }
    if (c === sep) { row.push(cell); cell = ''; i++; continue; }
    if (c === '\r' && text[i + 1] === '\n') { row.push(cell); rows.push(row); row = []; cell = ''; i += 2; continue; }
    cell += c; i++;
  }
  if (cell !== '' || row.length) { row.push(cell); rows.push(row); }
  return rows;
}

// The rows of xl/worksheets/sheet1.xml of an xlsx file: strings, numbers, and '' for missing cells.
const PY = `
import json, re, sys, zipfile, xml.etree.ElementTree as ET
ns = {'m': 'http://schemas.openxmlformats.org/spreadsheetml/2006/main'}
z = zipfile.ZipFile(sys.argv[1])
assert z.testzip() is None
shared = []
if 'xl/sharedStrings.xml' in z.namelist():
    for si in ET.fromstring(z.read('xl/sharedStrings.xml')).findall('m:si', ns):
        shared.append(''.join(t.text or '' for t in si.iter('{%s}t' % ns['m'])))
rows = []
for r in ET.fromstring(z.read('xl/worksheets/sheet1.xml')).iter('{%s}row' % ns['m']):
    out = []
    for c in r.findall('m:c', ns):
        col = 0
        for ch in re.match('[A-Z]+', c.get('r')).group(0):
            col = col * 26 + ord(ch) - 64
        while len(out) < col - 1:
            out.append('')
        t = c.get('t')
        if t == 'inlineStr':
            out.append(''.join(x.text or '' for x in c.iter('{%s}t' % ns['m'])))
        elif t == 's':
            out.append(shared[int(c.find('m:v', ns).text)])
        else:
            v = c.find('m:v', ns)
            out.append(float(v.text) if v is not None else '')
    rows.append(out)
print(json.dumps({'names': z.namelist(), 'rows': rows}))
`;
export function readXlsx(buffer, dir) {
  const file = path.join(dir, `f${Date.now()}${Math.random()}.xlsx`);
  fs.writeFileSync(file, buffer);
  const listing = execFileSync('unzip', ['-l', file], { encoding: 'utf8' });
  assert.match(listing, /xl\/worksheets\/sheet1\.xml/);
  return JSON.parse(execFileSync('python3', ['-c', PY, file], { encoding: 'utf8', maxBuffer: 1 << 28 }));
}

// An Excel date serial as local "YYYY-MM-DD HH:MM".
export function serialToText(serial) {
  const ms = Math.round(serial * 1440) * 60000 - 25569 * 86400000;
  return new Date(ms).toISOString().slice(0, 16).replace('T', ' ');
}
