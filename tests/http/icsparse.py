#!/usr/bin/python3
"""Parses an iCalendar text from stdin with python3-icalendar and prints JSON: the calendar's
properties and, per VEVENT, its fields with times as UTC epoch seconds. Also checks RFC 5545
line rules on the raw text (CRLF, at most 75 octets, UTF-8 per line) and reports violations."""
import json
import sys

import icalendar

raw = sys.stdin.buffer.read()
problems = []
lines = raw.split(b'\r\n')
if lines[-1] != b'':
    problems.append('does not end in CRLF')
for i, l in enumerate(lines[:-1]):
    if b'\n' in l or b'\r' in l:
        problems.append('bare line break in line %d' % i)
    if len(l) > 75:
        problems.append('line %d has %d octets' % (i, len(l)))
    try:
        l.decode('utf-8')
    except UnicodeDecodeError:
        problems.append('line %d splits a UTF-8 character' % i)
cal = icalendar.Calendar.from_ical(raw.decode('utf-8'))
events = []
for ev in cal.walk('VEVENT'):
    events.append({
        'uid': str(ev.get('UID')),
        'summary': str(ev.get('SUMMARY', '')),
        'description': str(ev.get('DESCRIPTION', '')),
        'location': str(ev.get('LOCATION', '')),
        'start': int(ev.decoded('DTSTART').timestamp()),
        'end': int(ev.decoded('DTEND').timestamp()),
        'tzid': ev['DTSTART'].params.get('TZID'),
        'dtstamp': int(ev.decoded('DTSTAMP').timestamp()),
        'sequence': int(ev.get('SEQUENCE', 0)),
        'status': str(ev.get('STATUS', '')),
    })
print(json.dumps({'problems': problems, 'name': str(cal.get('X-WR-CALNAME', '')), 'method': str(cal.get('METHOD', '')),
                  'timezones': [str(t.get('TZID')) for t in cal.walk('VTIMEZONE')], 'events': events}))
