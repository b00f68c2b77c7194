# setup.py: a Tryton company, fiscal year, chart of accounts, payment term and integration user, for the tests.
# Run as: DB_NAME=NAME /usr/bin/python3 setup.py CONFIG USER PASSWORD   (after trytond-admin --all)
import datetime
from decimal import Decimal
import sys

from proteus import Model, config

conf_file, user_login, user_password = sys.argv[1], sys.argv[2], sys.argv[3]
import os
config.set_trytond(database=os.environ['DB_NAME'], config_file=conf_file)

from trytond.modules.company.tests.tools import create_company, get_company
from trytond.modules.account.tests.tools import create_fiscalyear, create_chart, get_accounts
from trytond.modules.account_invoice.tests.tools import (
    set_fiscalyear_invoice_sequences, create_payment_term)

Currency = Model.get('currency.currency')
eur = Currency.find([('code', '=', 'EUR')])
if eur:
    eur = eur[0]
else:
    eur = Currency(name='Euro', symbol='€', code='EUR', rounding=Decimal('0.01'), digits=2)
    eur.save()

create_company(currency=eur)
company = get_company()
company.party.name = 'Demo-CarSharing e.V.'
company.party.save()
fiscalyear = set_fiscalyear_invoice_sequences(create_fiscalyear(company, datetime.date.today()))
fiscalyear.click('create_period')
create_chart(company)
accounts = get_accounts(company)
term = create_payment_term()
term.name = '14 Tage'
term.save()

Group = Model.get('res.group')
User = Model.get('res.user')
user = User(name='Wagenbuch', login=user_login)
user.password = user_password
for g in Group.find([('name', 'in', ['Account', 'Account Administration', 'Party Administration'])]):
    user.groups.append(g)
Company = Model.get('company.company')
user.companies.append(Company(company.id))
user.company = Company(company.id)
user.save()

# A user without accounting rights, for the "no rights" message.
weak = User(name='Ohne Rechte', login=user_login + '_weak')
weak.password = user_password
weak.companies.append(Company(company.id))
weak.company = Company(company.id)
weak.save()
print('company', company.id, 'receivable', accounts['receivable'].id, 'revenue', accounts['revenue'].id)
