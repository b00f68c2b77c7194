#!/usr/bin/python3
"""A minimal sendmail(8) for the tests: takes `-i -f FROM -- TO...` and the message on stdin, as
Wagenbuch's sendmail transport calls it, and relays it to the test SMTP server on
127.0.0.1:$WB_TEST_SMTP_PORT. $WB_TEST_SENDMAIL_EXIT makes it fail with that exit status instead."""
import os
import smtplib
import sys

if os.environ.get('WB_TEST_SENDMAIL_EXIT'):
    sys.stdin.buffer.read()
    sys.exit(int(os.environ['WB_TEST_SENDMAIL_EXIT']))
args = sys.argv[1:]
assert args[0] == '-i' and args[1] == '-f' and args[3] == '--', args
sender, rcpts = args[2], args[4:]
data = sys.stdin.buffer.read()
with smtplib.SMTP('127.0.0.1', int(os.environ['WB_TEST_SMTP_PORT'])) as s:
    s.sendmail(sender, rcpts, data)
