#!/usr/bin/env python3
# Writes the NACHA fixtures in seeds/ (tests/fixtures_test.cpp checks them; they seed the fuzzer)
# from the record layouts of the NACHA Operating Rules, Appendix Three, control records computed.
#   formats/nacha/fuzz/make_seeds.py formats/nacha/fuzz/seeds
import os, sys
OUT = sys.argv[1]

def rec(*parts, length=94):
    s = ''.join(parts)
    assert len(s) == length, (len(s), s)
    return s

def A(v, n): v = str(v); assert len(v) <= n, (v, n); return v.ljust(n)
def N(v, n): v = str(v); assert len(v) <= n and v.isdigit(), (v, n); return v.rjust(n, '0')

def file_header(dest=' 231380104', origin=' 121042882', dest_name='FEDERAL RESERVE BANK', origin_name='TALLY WATER DISTRICT'):
    return rec('1', '01', A(dest, 10), A(origin, 10), '261120', '0900', 'A', '094', '10', '1',
               A(dest_name, 23), A(origin_name, 23), A('', 8))

def batch_header(scc, sec, number, company='TALLY WATER', company_id='1123456789', desc='WATER BILL', odfi='12104288'):
    return rec('5', N(scc, 3), A(company, 16), A('', 20), A(company_id, 10), sec, A(desc, 10),
               A('', 6), '261123', '   ', '1', odfi, N(number, 7))

def entry(tc, routing9, account, amount, ident, name, trace, addenda=0, disc=''):
    return rec('6', N(tc, 2), routing9[:8], routing9[8], A(account, 17), N(amount, 10), A(ident, 15),
               A(name, 22), A(disc, 2), str(addenda), N(trace, 15))

class Totals:
    def __init__(s): s.count = 0; s.hash = 0; s.debit = 0; s.credit = 0
    def add(s, routing9, amount, credit, addenda=0):
        s.count += 1 + addenda; s.hash += int(routing9[:8])
        if credit: s.credit += amount
        else: s.debit += amount

def batch_control(scc, t, number, company_id='1123456789', odfi='12104288'):
    return rec('8', N(scc, 3), N(t.count, 6), N(t.hash % 10**10, 10), N(t.debit, 12), N(t.credit, 12),
               A(company_id, 10), A('', 19), A('', 6), odfi, N(number, 7))

def file_control(batches, records, t, batch_count=None):
    blocks = (records + 1 + 9) // 10
    return rec('9', N(batches if batch_count is None else batch_count, 6), N(blocks, 6), N(t.count, 8),
               N(t.hash % 10**10, 10), N(t.debit, 12), N(t.credit, 12), A('', 39))

def finish(lines):
    while len(lines) % 10: lines.append('9' * 94)
    return lines

def write(name, lines, encoding='ascii'):
    with open(os.path.join(OUT, name), 'wb') as f:
        f.write(('\n'.join(lines) + '\n').encode(encoding))

def ppd_file(name, header, entries, batch_count=None, encoding='ascii'):
    t = Totals(); lines = [header, batch_header(225, 'PPD', 1)]
    for i, (routing, account, amount, ident, nm) in enumerate(entries, 1):
        lines.append(entry(27, routing, account, amount, ident, nm, '12104288' + N(i, 7)))
        t.add(routing, amount, False)
    lines.append(batch_control(225, t, 1))
    lines.append(file_control(1, len(lines), t, batch_count))
    write(name, finish(lines), encoding)
    return t

# 2: an EIN behind a space in the immediate origin, a 0 + nine digits failing the check digit in the destination
t = ppd_file('origin-ein.ach', file_header(dest='0987654321', origin=' 123456789'),
             [('231380104', '1234567', 4200, 'ACCT-100001', 'ANN LEE'),
              ('091000019', '7654321', 1550, 'ACCT-100002', 'BO CHEN')])
print('origin-ein', t.count, t.debit, t.credit)

# 3: names with accents, in UTF-8 and in Latin-1: 94 characters per line
names = [('231380104', '1234567', 12000, 'ACCT-100003', 'JOSÉ MUÑOZ'),
         ('121042882', '2222333', 8050, 'ACCT-100004', 'FRANÇOISE LÆTITIA'),
         ('021000021', '9988776', 3100, 'ACCT-100005', 'PLAIN NAME')]
hdr = file_header(origin_name='TALLY WÄTER DISTRICT')
t = ppd_file('utf8-names.ach', hdr, names, encoding='utf-8')
print('utf8', t.count, t.debit, t.credit)
t = ppd_file('latin1-names.ach', hdr, names, encoding='latin-1')
print('latin1', t.count, t.debit, t.credit)

# 4a: IAT, one credit and one debit, each with addenda 10-16, one 17 and one 18
def iat_addenda(seq, receiver, with_optional):
    s = N(seq, 7)
    a = [rec('7', '10', 'ANN', N(0, 18), A('', 22), A(receiver, 35), A('', 6), s),
         rec('7', '11', A('MAPLE IMPORTS LTD', 35), A('15 WEST PLACE STREET', 35), A('', 14), s),
         rec('7', '12', A('TORONTO*ON\\', 35), A('CA*M5H2N2\\', 35), A('', 14), s),
         rec('7', '13', A('CITADEL BANK', 35), '01', A('121042882', 34), 'CA ', A('', 10), s),
         rec('7', '14', A('FIRST BANK', 35), '01', A('231380104', 34), 'US ', A('', 10), s),
         rec('7', '15', A('ACCT-100006', 15), A('2121 FRONT STREET', 35), A('', 34), s),
         rec('7', '16', A('SPRINGFIELD*IL\\', 35), A('US*62701\\', 35), A('', 14), s)]
    if with_optional:
        a.append(rec('7', '17', A('WATER BILL NOVEMBER', 80), N(1, 4), s))
        a.append(rec('7', '18', A('BANK OF MONTREAL', 35), '01', A('001000022', 34), 'CA ', A('', 6), N(1, 4), s))
    return a

def iat_batch_header(number):
    return rec('5', '200', A('', 16), 'FF', '3', A('', 15), 'US', A('1123456789', 10), 'IAT', A('WATER BILL', 10),
               'CAD', 'USD', '261123', '   ', '1', '12104288', N(number, 7))

def iat_entry(tc, routing9, n_addenda, amount, account, trace):
    return rec('6', N(tc, 2), routing9[:8], routing9[8], N(n_addenda, 4), A('', 13), N(amount, 10), A(account, 35),
               A('', 2), '0', '0', '1', N(trace, 15))

t = Totals(); lines = [file_header(), iat_batch_header(1)]
lines.append(iat_entry(22, '231380104', 9, 250000, '12345678', '121042880000001'))
lines += iat_addenda(1, 'ANN LEE', True); t.add('231380104', 250000, True, 9)
lines.append(iat_entry(27, '231380104', 7, 99999, '87654321', '121042880000002'))  # counts the 7 only
lines += iat_addenda(2, 'BO CHEN', True); t.add('231380104', 99999, False, 9)
lines.append(iat_entry(37, '091000019', 7, 1234, '55554444', '121042880000003'))
lines += iat_addenda(3, 'CY DIAZ', False); t.add('091000019', 1234, False, 7)
lines.append(batch_control(200, t, 1))
lines.append(file_control(1, len(lines), t))
write('iat.ach', finish(lines))
print('iat', t.count, t.debit, t.credit)

# 4b: ADV: 12-digit amounts, 20-digit totals in both controls
def adv_entry(tc, routing9, account, amount, name, seq):
    return rec('6', N(tc, 2), routing9[:8], routing9[8], A(account, 15), N(amount, 12), '121042882', A('00001', 5),
               ' ', A(name, 22), A('', 2), '0', '12104288', '327', N(seq, 4))
t = Totals(); lines = [file_header(), batch_header(280, 'ADV', 1, desc='ACCOUNTING')]
for i, (tc, r, acct, amt, nm) in enumerate([(81, '231380104', '744-5678-99', 123456789012, 'SETTLEMENT CREDIT'),
                                           (82, '121042882', '744-5678-99', 50000, 'SETTLEMENT DEBIT'),
                                           (82, '021000021', '100-200', 7, 'FEE')], 1):
    lines.append(adv_entry(tc, r, acct, amt, nm, i)); t.add(r, amt, tc == 81)
lines.append(rec('8', '280', N(t.count, 6), N(t.hash % 10**10, 10), N(t.debit, 20), N(t.credit, 20), A('', 19), '12104288', N(1, 7)))
lines.append(rec('9', N(1, 6), N((len(lines) + 1 + 9) // 10, 6), N(t.count, 8), N(t.hash % 10**10, 10), N(t.debit, 20), N(t.credit, 20), A('', 23)))
write('adv.ach', finish(lines))
print('adv', t.count, t.debit, t.credit)

# 4c: CCD with addenda 05 whose sequence numbers are left blank
t = Totals(); lines = [file_header(), batch_header(225, 'CCD', 1)]
lines.append(entry(27, '231380104', '1234567', 77700, 'ACCT-100007', 'ACME LAUNDRY', '121042880000001', addenda=1))
lines.append(rec('7', '05', A('INV 2026-11 WATER AND SEWER', 80), '    ', '       '))
t.add('231380104', 77700, False, 1)
lines.append(entry(27, '121042882', '7777', 22300, 'ACCT-100008', 'BETA BAKERY', '121042880000002', addenda=1))
lines.append(rec('7', '05', A('INV 2026-11 WATER', 80), '0001', '       '))
t.add('121042882', 22300, False, 1)
lines.append(batch_control(225, t, 1))
lines.append(file_control(1, len(lines), t))
write('blank-sequence.ach', finish(lines))
print('blank-seq', t.count, t.debit, t.credit)

# 4d: the file control's batch count is wrong; every total agrees
t = ppd_file('batch-count-off.ach', file_header(), [('231380104', '1234567', 5000, 'ACCT-100009', 'DEE EVANS')], batch_count=2)
print('batch-count-off', t.count, t.debit, t.credit)
