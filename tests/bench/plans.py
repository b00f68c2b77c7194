#!/usr/bin/env python3
"""plans.py: prints SQLite's EXPLAIN QUERY PLAN of every SQL string literal in the given C files.

    python3 tests/bench/plans.py DB cgi-bin/ui/ui_calendar.c cgi-bin/lib/store/bookstore.c ...

Each file is run through the C preprocessor first (so SQL built from macros is whole); a literal
passed to db_stmt() or assigned to a `static const char x[]` is taken. Parameters stay unbound
(NULL), so the plans are the ones SQLite picks without knowing the values; run ANALYZE on a copy
of a realistic database first to see the plans it picks with statistics. A SCAN of a large table or
a TEMP B-TREE in a page's query is what to look at.
"""
import os
import re
import sqlite3
import subprocess
import sys

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), '..', '..'))
LIT = r'"(?:[^"\\]|\\.)*"'


def statements(path):
    cpp = subprocess.run(['cc', '-E', '-P', '-std=c17', '-D_GNU_SOURCE', '-I/usr/include/ClearSilver',
                          '-I' + os.path.join(ROOT, 'cgi-bin', 'lib'), '-I' + os.path.join(ROOT, 'cgi-bin'), path],
                         capture_output=True, text=True, check=True).stdout
    for m in re.finditer(r'(?:db_stmt\(|\[\]\s*=)\s*((?:' + LIT + r'\s*)+)[);]', cpp):
        sql = ''.join(x[1:-1] for x in re.findall(LIT, m.group(1))).replace('\\n', ' ').replace('\\"', '"')
        if re.match(r'\s*(SELECT|UPDATE|DELETE|INSERT|WITH)', sql, re.I):
            yield ' '.join(sql.split())


def main():
    if len(sys.argv) < 3:
        sys.exit(__doc__)
    db = sqlite3.connect(f'file:{sys.argv[1]}?mode=ro', uri=True)
    for path in sys.argv[2:]:
        for sql in statements(path):
            print(f'--- {os.path.basename(path)}: {sql[:200]}')
            nums = [int(x) for x in re.findall(r'\?(\d+)', sql)]
            try:
                for row in db.execute('EXPLAIN QUERY PLAN ' + sql, [None] * (max(nums) if nums else sql.count('?'))):
                    print('    ' + row[3])
            except sqlite3.Error as e:
                print(f'    error: {e}')


if __name__ == '__main__':
    main()
