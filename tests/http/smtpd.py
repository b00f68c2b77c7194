#!/usr/bin/python3
"""A real SMTP server for the mail tests (aiosmtpd on loopback): every message received is parsed
with Python's email package and written as <n>.json into the directory given (envelope, decoded
headers, the text part, MIME structure, and the .ics attachment parsed with icalendar).
Usage: smtpd.py PORT DIR  -- prints "ready" once it listens; ends on SIGTERM."""
import email
import email.header
import email.policy
import json
import os
import signal
import sys
import threading

from aiosmtpd.controller import Controller
import icalendar

PORT, DIR = int(sys.argv[1]), sys.argv[2]
os.makedirs(DIR, exist_ok=True)
lock = threading.Lock()
count = [len([f for f in os.listdir(DIR) if f.endswith('.json')])]


def decode(h):
    return str(email.header.make_header(email.header.decode_header(h))) if h is not None else None


def parse_ics(text):
    cal = icalendar.Calendar.from_ical(text)
    events = []
    for ev in cal.walk('VEVENT'):
        events.append({
            'uid': str(ev.get('UID')),
            'summary': str(ev.get('SUMMARY', '')),
            'description': str(ev.get('DESCRIPTION', '')),
            'dtstart': ev.decoded('DTSTART').isoformat(),
            'dtend': ev.decoded('DTEND').isoformat(),
            'tzid': ev['DTSTART'].params.get('TZID'),
            'sequence': int(ev.get('SEQUENCE', 0)),
            'status': str(ev.get('STATUS', '')),
        })
    return {'method': str(cal.get('METHOD', '')), 'events': events,
            'timezones': [str(tz.get('TZID')) for tz in cal.walk('VTIMEZONE')]}


class Handler:
    async def handle_DATA(self, server, session, envelope):
        raw = envelope.original_content or envelope.content
        msg = email.message_from_bytes(raw, policy=email.policy.compat32)
        out = {
            'mail_from': envelope.mail_from,
            'rcpt_tos': envelope.rcpt_tos,
            'from': decode(msg['From']),
            'to': decode(msg['To']),
            'subject_raw': msg['Subject'],
            'subject': decode(msg['Subject']),
            'date': msg['Date'],
            'message_id': msg['Message-ID'],
            'mime_version': msg['MIME-Version'],
            'content_type': msg.get_content_type(),
            'parts': [],
            'text': None,
            'ics': None,
            'ics_text': None,
            'raw_max_line': max(len(l) for l in raw.split(b'\r\n')),
        }
        for part in msg.walk():
            if part.is_multipart():
                continue
            ct = part.get_content_type()
            out['parts'].append({'type': ct, 'charset': part.get_content_charset(),
                                 'filename': part.get_filename(), 'method': part.get_param('method'),
                                 'cte': part.get('Content-Transfer-Encoding')})
            payload = part.get_payload(decode=True).decode(part.get_content_charset() or 'utf-8')
            if ct == 'text/plain' and out['text'] is None:
                out['text'] = payload
            if ct == 'text/calendar':
                out['ics_text'] = payload
                out['ics'] = parse_ics(payload)
        with lock:
            count[0] += 1
            n = count[0]
        path = os.path.join(DIR, '%04d.json' % n)
        with open(path + '.tmp', 'w') as f:
            json.dump(out, f)
        os.rename(path + '.tmp', path)
        return '250 OK queued as test-%d' % n


controller = Controller(Handler(), hostname='127.0.0.1', port=PORT)
controller.start()
print('ready', flush=True)
stop = threading.Event()
signal.signal(signal.SIGTERM, lambda *a: stop.set())
signal.signal(signal.SIGINT, lambda *a: stop.set())
stop.wait()
controller.stop()
