#!/usr/bin/env python3
"""big-journal.py DAYS: an export file (scoot import) holding one cat, Rufus, with DAYS days of
history before 2026-11-20: a weight, a stool score and a pain score every day, a leak every
nine days (some after a fright, some with a note), signs, care twice a day, a medicine course
with doses every sixty days and a vet visit every ninety: more than two pages can hold."""
import json
import sys
from datetime import datetime, timedelta, timezone

days = int(sys.argv[1])
end = datetime(2026, 11, 20, 12, tzinfo=timezone.utc)
ev = []
def t(d, h=8):
    return (end - timedelta(days=d)).replace(hour=h).strftime('%Y-%m-%dT%H:%M:%SZ')
def add(kind, d, data, h=8, note=None):
    e = {'id': len(ev) + 1, 'cat': 'Rufus', 'kind': kind, 't': t(d, h), 'data': data}
    if note:
        e['note'] = note
    ev.append(e)
for d in range(days, 0, -1):
    add('weight', d, {'kg': round(4.6 + 0.3 * ((d % 50) / 50), 2)}, 7)
    add('stool', d, {'score': 2 + d % 4}, 9)
    add('pain', d, {'ears': d % 2, 'eyes': 0, 'muzzle': (d // 3) % 2, 'whiskers': 0, 'head': 0}, 10)
    if d % 9 == 0:
        add('episode', d, {'amount': ['spot', 'smear', 'puddle'][d % 3], 'look': ['brown'],
                           'context': ['fright', 'rest', 'after_stool', 'other'][d % 4], 'where': 'the hall'}, 15,
            note=f'leak number {d} with a longer note about what happened before it' if d % 2 else None)
    if d % 5 == 0:
        add('observation', d, {'finding': ['scooting', 'licking_rear', 'odor', 'redness', 'swelling',
                                           'hiding', 'soft_stool', 'reluctant_to_sit', 'straining'][d % 9],
                               'value': True}, 16)
    add('care', d, {'care': ['warm_compress', 'clean_area', 'sanitary_shave', 'weight_management',
                             'stool_quality', 'reduce_stress', 'prevent_licking'][d % 7], 'minutes': 10,
                    'tolerated': 'well'}, 18)
    if d % 60 == 0:
        add('medicine', d, {'name': f'Medicine {d}', 'dose': '1 tablet', 'times_per_day': 2, 'days': 5}, 8)
        mid = len(ev)
        for k in range(5):
            add('dose', d - k, {'course': mid, 'given': k != 2}, 20)
    if d % 90 == 0:
        add('vet_visit', d, {'clinic': 'Town Vets', 'found': 'sacs full', 'diagnosis': 'impaction',
                             'treatment': 'expressed'}, 11, note='the vet said to come back if it leaks again')
cat = {'name': 'Rufus', 'birth_date': '2016-05-01', 'sex': 'male', 'neutered': True, 'weight_kg': 4.8,
       'body_condition_9pt': 6}
json.dump({'format': 'scoot-journal', 'version': 1, 'cats': [cat], 'events': ev}, sys.stdout)
