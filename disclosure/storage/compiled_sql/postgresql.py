"""The statements of storage/statements.py compiled for postgresql: written by scripts/compile_statements.py.

Do not edit: change storage/statements.py (or the tables) and run the script again.
"""

SQL = {'filtered': {'find_cases': ('SELECT cases.snapshot \nFROM cases \nWHERE 1 = 1 ORDER BY cases.number',
                             {'after': 'cases.number > %(after)s::VARCHAR',
                              'channel': 'cases.channel = %(channel)s::VARCHAR',
                              'due_before': 'cases.open_due_on < %(due_before)s::DATE',
                              'due_by': 'cases.open_due_on <= %(due_by)s::DATE',
                              'due_open': 'cases.open_due_on IS NOT NULL',
                              'handler': 'cases.handler = %(handler)s::VARCHAR',
                              'handler_in_state': 'cases.handler = %(handler)s::VARCHAR',
                              'kind': 'cases.kind = %(kind)s::VARCHAR',
                              'not_voided': 'cases.state != %(voided)s::VARCHAR',
                              'received_from': 'cases.received_on >= %(received_from)s::DATE',
                              'received_to': 'cases.received_on <= %(received_to)s::DATE',
                              'state': 'cases.state = %(state)s::VARCHAR'}),
              'find_cases_page': ('SELECT cases.snapshot \n'
                                  'FROM cases \n'
                                  'WHERE 1 = 1 ORDER BY cases.number \n'
                                  ' LIMIT %(limit)s OFFSET 0',
                                  {'after': 'cases.number > %(after)s::VARCHAR',
                                   'channel': 'cases.channel = %(channel)s::VARCHAR',
                                   'due_before': 'cases.open_due_on < %(due_before)s::DATE',
                                   'due_by': 'cases.open_due_on <= %(due_by)s::DATE',
                                   'due_open': 'cases.open_due_on IS NOT NULL',
                                   'handler': 'cases.handler = %(handler)s::VARCHAR',
                                   'handler_in_state': 'cases.handler = %(handler)s::VARCHAR',
                                   'kind': 'cases.kind = %(kind)s::VARCHAR',
                                   'not_voided': 'cases.state != %(voided)s::VARCHAR',
                                   'received_from': 'cases.received_on >= %(received_from)s::DATE',
                                   'received_to': 'cases.received_on <= %(received_to)s::DATE',
                                   'state': 'cases.state = %(state)s::VARCHAR'}),
              'same_applicant': ('SELECT cases.number, cases.received_on, cases.applicant_name, cases.id_number, '
                                 'cases.phone, cases.address \n'
                                 'FROM cases \n'
                                 'WHERE cases.kind = %(kind)s::VARCHAR AND cases.received_on >= %(first)s::DATE AND '
                                 'cases.received_on < %(after)s::DATE AND 1 = 1 ORDER BY cases.received_on, '
                                 'cases.number',
                                 {'same_name': 'cases.applicant_name = %(name)s::VARCHAR',
                                  'same_name_or_id': 'cases.applicant_name = %(name)s::VARCHAR OR cases.id_number = '
                                                     '%(id_number)s::VARCHAR'}),
              'search_id_number': ('SELECT cases.snapshot \n'
                                   'FROM cases \n'
                                   'WHERE (cases.id_number = %(id_number)s::VARCHAR OR cases.id_number = '
                                   '%(id_number_upper)s::VARCHAR) AND 1 = 1 ORDER BY cases.number \n'
                                   ' LIMIT %(limit)s OFFSET 0',
                                   {'kind': 'cases.kind = %(kind)s::VARCHAR',
                                    'not_voided': 'cases.state != %(voided)s::VARCHAR',
                                    'state': 'cases.state = %(state)s::VARCHAR'}),
              'search_like': ('WITH matched AS MATERIALIZED \n'
                              '(SELECT case_search.case_number AS case_number \n'
                              'FROM case_search \n'
                              "WHERE case_search.body LIKE %(pattern)s::VARCHAR ESCAPE '\\')\n"
                              ' SELECT cases.snapshot \n'
                              'FROM cases JOIN matched ON matched.case_number = cases.number \n'
                              'WHERE 1 = 1 ORDER BY cases.number \n'
                              ' LIMIT %(limit)s OFFSET 0',
                              {'kind': 'cases.kind = %(kind)s::VARCHAR',
                               'not_voided': 'cases.state != %(voided)s::VARCHAR',
                               'state': 'cases.state = %(state)s::VARCHAR'}),
              'search_long': ('WITH matched AS MATERIALIZED \n'
                              '(SELECT case_search.case_number AS case_number \n'
                              'FROM case_search \n'
                              "WHERE case_search.body LIKE %(pattern)s::VARCHAR ESCAPE '\\')\n"
                              ' SELECT cases.snapshot \n'
                              'FROM cases JOIN matched ON matched.case_number = cases.number \n'
                              'WHERE 1 = 1 ORDER BY cases.number \n'
                              ' LIMIT %(limit)s OFFSET 0',
                              {'kind': 'cases.kind = %(kind)s::VARCHAR',
                               'not_voided': 'cases.state != %(voided)s::VARCHAR',
                               'state': 'cases.state = %(state)s::VARCHAR'}),
              'search_short': ('WITH matched AS MATERIALIZED \n'
                               '(SELECT case_search.case_number AS case_number \n'
                               'FROM case_search \n'
                               "WHERE string_to_array(case_search.grams, ' ') @> ARRAY[CAST(%(gram)s AS text)])\n"
                               ' SELECT cases.snapshot \n'
                               'FROM cases JOIN matched ON matched.case_number = cases.number \n'
                               'WHERE 1 = 1 ORDER BY cases.number \n'
                               ' LIMIT %(limit)s OFFSET 0',
                               {'kind': 'cases.kind = %(kind)s::VARCHAR',
                                'not_voided': 'cases.state != %(voided)s::VARCHAR',
                                'state': 'cases.state = %(state)s::VARCHAR'})},
 'statements': {'add_tally': 'INSERT INTO report_tallies (measure, day, kind, handler, detail, count, fen) VALUES '
                             '(%(measure)s::VARCHAR, %(day)s::DATE, %(kind)s::VARCHAR, %(handler)s::VARCHAR, '
                             '%(detail)s::VARCHAR, %(count)s::INTEGER, %(fen)s::INTEGER) ON CONFLICT (measure, day, '
                             'kind, handler, detail) DO UPDATE SET count = (report_tallies.count + excluded.count), '
                             'fen = (report_tallies.fen + excluded.fen)',
                'all_roles': 'SELECT users.name, users.roles \n'
                             'FROM users \n'
                             'WHERE users.disabled = %(disabled)s ORDER BY users.name',
                'calendar_days': 'SELECT calendar_days.day, calendar_days.kind \nFROM calendar_days',
                'calendar_years': 'SELECT calendar_years.year \nFROM calendar_years',
                'case_and_head': 'SELECT (SELECT cases.snapshot \n'
                                 'FROM cases \n'
                                 'WHERE cases.number = %(number)s::VARCHAR) AS anon_1, (SELECT events.position \n'
                                 'FROM events ORDER BY events.position DESC \n'
                                 ' LIMIT 1 OFFSET 0) AS anon_2, (SELECT events.hash \n'
                                 'FROM events ORDER BY events.position DESC \n'
                                 ' LIMIT 1 OFFSET 0) AS anon_3',
                'case_events': 'SELECT events.position, events.case_number, events.version, events.type, events.data, '
                               'events.user_name, events.role, events.effective_on, events.recorded_at, '
                               'events.schema_version, events.snapshot_hash, events.hash, events.acted_by \n'
                               'FROM events \n'
                               'WHERE events.case_number = %(number)s::VARCHAR ORDER BY events.version',
                'chain_head': 'SELECT events.position, events.hash \n'
                              'FROM events ORDER BY events.position DESC \n'
                              ' LIMIT 1 OFFSET 0',
                'delete_appeals': 'DELETE FROM appeals WHERE appeals.case_number = %(case_number)s::VARCHAR',
                'delete_clock': 'DELETE FROM clocks WHERE clocks.case_number = %(clock_case)s::VARCHAR AND clocks.name '
                                '= %(clock_name)s::VARCHAR',
                'insert_alert': 'INSERT INTO alerts (key, case_number, clock, started, threshold, due_on, swept_on, '
                                'recipients, subject, text, created_at) VALUES (%(key)s::VARCHAR, '
                                '%(case_number)s::VARCHAR, %(clock)s::VARCHAR, %(started)s::INTEGER, '
                                '%(threshold)s::VARCHAR, %(due_on)s::DATE, %(swept_on)s::DATE, '
                                '%(recipients)s::VARCHAR, %(subject)s::VARCHAR, %(text)s::VARCHAR, '
                                '%(created_at)s::TIMESTAMP WITH TIME ZONE) ON CONFLICT (key) DO NOTHING RETURNING '
                                'alerts.id',
                'insert_appeal': 'INSERT INTO appeals (case_number, number, type, result, filed_on, decided_on) VALUES '
                                 '(%(case_number)s::VARCHAR, %(number)s::INTEGER, %(type)s::VARCHAR, '
                                 '%(result)s::VARCHAR, %(filed_on)s::DATE, %(decided_on)s::DATE)',
                'insert_case': 'INSERT INTO cases (number, kind, state, outcome, applicant_name, applicant_type, '
                               'id_number, phone, address, channel, request, received_on, registered_on, due_on, '
                               'provisional, open_due_on, replied_on, concluded_on, on_time, handler, version, '
                               'snapshot) VALUES (%(number)s::VARCHAR, %(kind)s::VARCHAR, %(state)s::VARCHAR, '
                               '%(outcome)s::VARCHAR, %(applicant_name)s::VARCHAR, %(applicant_type)s::VARCHAR, '
                               '%(id_number)s::VARCHAR, %(phone)s::VARCHAR, %(address)s::VARCHAR, '
                               '%(channel)s::VARCHAR, %(request)s::VARCHAR, %(received_on)s::DATE, '
                               '%(registered_on)s::DATE, %(due_on)s::DATE, %(provisional)s, %(open_due_on)s::DATE, '
                               '%(replied_on)s::DATE, %(concluded_on)s::DATE, %(on_time)s, %(handler)s::VARCHAR, '
                               '%(version)s::INTEGER, %(snapshot)s::VARCHAR)',
                'insert_clock': 'INSERT INTO clocks (case_number, name, status, due_on, provisional, working_days, '
                                'ledger, changed_at_position) VALUES (%(clock_case)s::VARCHAR, '
                                '%(clock_name)s::VARCHAR, %(status)s::VARCHAR, %(due_on)s::DATE, %(provisional)s, '
                                '%(working_days)s::INTEGER, %(ledger)s::VARCHAR, %(changed_at_position)s::INTEGER)',
                'insert_delivery': 'INSERT INTO deliveries (alert_id, channel, status, attempts, next_attempt_at) '
                                   'VALUES (%(alert_id)s::INTEGER, %(channel)s::VARCHAR, %(status)s::VARCHAR, '
                                   '%(attempts)s::INTEGER, %(next_attempt_at)s::TIMESTAMP WITH TIME ZONE) RETURNING '
                                   'deliveries.id',
                'insert_event': 'INSERT INTO events (position, case_number, version, type, data, user_name, role, '
                                'effective_on, recorded_at, schema_version, snapshot_hash, hash, acted_by) VALUES '
                                '(%(position)s::INTEGER, %(case_number)s::VARCHAR, %(version)s::INTEGER, '
                                '%(type)s::VARCHAR, %(data)s::VARCHAR, %(user_name)s::VARCHAR, %(role)s::VARCHAR, '
                                '%(effective_on)s::DATE, %(recorded_at)s::TIMESTAMP WITH TIME ZONE, '
                                '%(schema_version)s::INTEGER, %(snapshot_hash)s::VARCHAR, %(hash)s::VARCHAR, '
                                '%(acted_by)s::VARCHAR)',
                'insert_log': 'INSERT INTO office_log (position, recorded_at, user_name, acted_by, type, subject, '
                              'data, head_position, head_hash, hash) VALUES (%(position)s::INTEGER, '
                              '%(recorded_at)s::TIMESTAMP WITH TIME ZONE, %(user_name)s::VARCHAR, '
                              '%(acted_by)s::VARCHAR, %(type)s::VARCHAR, %(subject)s::VARCHAR, %(data)s::VARCHAR, '
                              '%(head_position)s::INTEGER, %(head_hash)s::VARCHAR, %(hash)s::VARCHAR)',
                'insert_search': 'INSERT INTO case_search (case_number, body, grams) VALUES (%(search_case)s::VARCHAR, '
                                 '%(body)s::VARCHAR, %(grams)s::VARCHAR) RETURNING case_search.id',
                'log_entries_of_type': 'SELECT office_log.position, office_log.recorded_at, office_log.user_name, '
                                       'office_log.acted_by, office_log.type, office_log.subject, office_log.data, '
                                       'office_log.head_position, office_log.head_hash, office_log.hash \n'
                                       'FROM office_log \n'
                                       'WHERE office_log.type = %(type)s::VARCHAR ORDER BY office_log.position',
                'log_head': 'SELECT office_log.position, office_log.hash \n'
                            'FROM office_log ORDER BY office_log.position DESC \n'
                            ' LIMIT 1 OFFSET 0',
                'next_number': 'INSERT INTO case_counters (series, last) VALUES (%(series)s::VARCHAR, 1) ON CONFLICT '
                               '(series) DO UPDATE SET last = (case_counters.last + 1) RETURNING case_counters.last',
                'office': 'SELECT office.name, office.number_prefix, office.settings \n'
                          'FROM office \n'
                          'WHERE office.id = 1',
                'open_cases_at': 'SELECT cases.kind, cases.handler, cases.received_on, cases.due_on \n'
                                 'FROM cases \n'
                                 'WHERE cases.state != %(voided)s::VARCHAR AND (cases.concluded_on IS NULL AND '
                                 'cases.received_on <= %(day)s::DATE OR cases.concluded_on > %(day)s::DATE AND '
                                 'cases.received_on < %(next_day)s::DATE)',
                'reply_clock_days': 'SELECT clocks.working_days \n'
                                    'FROM clocks \n'
                                    'WHERE clocks.case_number = %(clock_case)s::VARCHAR AND clocks.name = '
                                    '%(clock_name)s::VARCHAR',
                'running_clocks_due_by': 'SELECT clocks.case_number, clocks.name, clocks.due_on, clocks.ledger, '
                                         'cases.handler, cases.kind, cases.state \n'
                                         'FROM clocks JOIN cases ON cases.number = clocks.case_number \n'
                                         'WHERE clocks.status = %(running)s::VARCHAR AND clocks.due_on <= '
                                         '%(due_by)s::DATE ORDER BY clocks.due_on, clocks.case_number, clocks.name',
                'tallied': 'SELECT report_tallies.kind, report_tallies.detail, sum(report_tallies.count) AS sum_1, '
                           'sum(report_tallies.fen) AS sum_2 \n'
                           'FROM report_tallies \n'
                           'WHERE report_tallies.measure = %(measure)s::VARCHAR AND report_tallies.day >= '
                           '%(first)s::DATE AND report_tallies.day <= %(last)s::DATE GROUP BY report_tallies.kind, '
                           'report_tallies.detail',
                'tallied_by_handler': 'SELECT report_tallies.kind, report_tallies.handler, report_tallies.detail, '
                                      'sum(report_tallies.count) AS sum_1, sum(report_tallies.fen) AS sum_2 \n'
                                      'FROM report_tallies \n'
                                      'WHERE report_tallies.measure = %(measure)s::VARCHAR AND report_tallies.day >= '
                                      '%(first)s::DATE AND report_tallies.day <= %(last)s::DATE GROUP BY '
                                      'report_tallies.kind, report_tallies.handler, report_tallies.detail',
                'tallied_of_kind': 'SELECT report_tallies.kind, report_tallies.detail, sum(report_tallies.count) AS '
                                   'sum_1, sum(report_tallies.fen) AS sum_2 \n'
                                   'FROM report_tallies \n'
                                   'WHERE report_tallies.measure = %(measure)s::VARCHAR AND report_tallies.day >= '
                                   '%(first)s::DATE AND report_tallies.day <= %(last)s::DATE AND report_tallies.kind = '
                                   '%(kind)s::VARCHAR GROUP BY report_tallies.kind, report_tallies.detail',
                'tallied_through': 'SELECT report_tallies.detail, sum(report_tallies.count) AS sum_1 \n'
                                   'FROM report_tallies \n'
                                   'WHERE report_tallies.measure = %(measure)s::VARCHAR AND report_tallies.day <= '
                                   '%(day)s::DATE AND report_tallies.kind = %(kind)s::VARCHAR GROUP BY '
                                   'report_tallies.detail',
                'update_clock': 'UPDATE clocks SET status=%(status)s::VARCHAR, due_on=%(due_on)s::DATE, '
                                'provisional=%(provisional)s, working_days=%(working_days)s::INTEGER, '
                                'ledger=%(ledger)s::VARCHAR, changed_at_position=%(changed_at_position)s::INTEGER '
                                'WHERE clocks.case_number = %(clock_case)s::VARCHAR AND clocks.name = '
                                '%(clock_name)s::VARCHAR',
                'update_search': 'UPDATE case_search SET body=%(body)s::VARCHAR, grams=%(grams)s::VARCHAR WHERE '
                                 'case_search.case_number = %(search_case)s::VARCHAR',
                'user_named': 'SELECT users.name \nFROM users \nWHERE users.name = %(name)s::VARCHAR',
                'users_by_login': 'SELECT users.name, users.login, users.roles, users.disabled \n'
                                  'FROM users \n'
                                  'WHERE users.login = %(login)s::VARCHAR OR users.name = %(wanted)s::VARCHAR',
                'users_by_name': 'SELECT users.name, users.login, users.roles, users.disabled \n'
                                 'FROM users \n'
                                 'WHERE users.name = %(user)s::VARCHAR OR users.name = %(wanted)s::VARCHAR'},
 'update_case': ('UPDATE cases SET ',
                 ' WHERE cases.number = %(b_number)s::VARCHAR AND cases.version = %(expected_version)s::INTEGER',
                 {'address': 'address=%(address)s::VARCHAR',
                  'applicant_name': 'applicant_name=%(applicant_name)s::VARCHAR',
                  'applicant_type': 'applicant_type=%(applicant_type)s::VARCHAR',
                  'channel': 'channel=%(channel)s::VARCHAR',
                  'concluded_on': 'concluded_on=%(concluded_on)s::DATE',
                  'due_on': 'due_on=%(due_on)s::DATE',
                  'handler': 'handler=%(handler)s::VARCHAR',
                  'id_number': 'id_number=%(id_number)s::VARCHAR',
                  'kind': 'kind=%(kind)s::VARCHAR',
                  'on_time': 'on_time=%(on_time)s',
                  'open_due_on': 'open_due_on=%(open_due_on)s::DATE',
                  'outcome': 'outcome=%(outcome)s::VARCHAR',
                  'phone': 'phone=%(phone)s::VARCHAR',
                  'provisional': 'provisional=%(provisional)s',
                  'received_on': 'received_on=%(received_on)s::DATE',
                  'registered_on': 'registered_on=%(registered_on)s::DATE',
                  'replied_on': 'replied_on=%(replied_on)s::DATE',
                  'request': 'request=%(request)s::VARCHAR',
                  'snapshot': 'snapshot=%(snapshot)s::VARCHAR',
                  'state': 'state=%(state)s::VARCHAR',
                  'version': 'version=%(version)s::INTEGER'}),
 'where_mark': '1 = 1'}
