"""The statements of storage/statements.py compiled for sqlite: written by scripts/compile_statements.py.

Do not edit: change storage/statements.py (or the tables) and run the script again.
"""

SQL = {'filtered': {'find_cases': ('SELECT cases.snapshot \nFROM cases \nWHERE 1 = 1 ORDER BY cases.number',
                             {'after': 'cases.number > :after',
                              'channel': 'cases.channel = :channel',
                              'due_before': 'cases.open_due_on < :due_before',
                              'due_by': 'cases.open_due_on <= :due_by',
                              'due_open': 'cases.open_due_on IS NOT NULL',
                              'handler': 'cases.handler = :handler',
                              'handler_in_state': '+cases.handler = :handler',
                              'kind': 'cases.kind = :kind',
                              'not_voided': 'cases.state != :voided',
                              'received_from': 'cases.received_on >= :received_from',
                              'received_to': 'cases.received_on <= :received_to',
                              'state': 'cases.state = :state'}),
              'find_cases_page': ('SELECT cases.snapshot \n'
                                  'FROM cases \n'
                                  'WHERE 1 = 1 ORDER BY cases.number\n'
                                  ' LIMIT :limit OFFSET 0',
                                  {'after': 'cases.number > :after',
                                   'channel': 'cases.channel = :channel',
                                   'due_before': 'cases.open_due_on < :due_before',
                                   'due_by': 'cases.open_due_on <= :due_by',
                                   'due_open': 'cases.open_due_on IS NOT NULL',
                                   'handler': 'cases.handler = :handler',
                                   'handler_in_state': '+cases.handler = :handler',
                                   'kind': 'cases.kind = :kind',
                                   'not_voided': 'cases.state != :voided',
                                   'received_from': 'cases.received_on >= :received_from',
                                   'received_to': 'cases.received_on <= :received_to',
                                   'state': 'cases.state = :state'}),
              'same_applicant': ('SELECT cases.number, cases.received_on, cases.applicant_name, cases.id_number, '
                                 'cases.phone, cases.address \n'
                                 'FROM cases \n'
                                 'WHERE cases.kind = :kind AND cases.received_on >= :first AND cases.received_on < '
                                 ':after AND 1 = 1 ORDER BY cases.received_on, cases.number',
                                 {'same_name': 'cases.applicant_name = :name',
                                  'same_name_or_id': 'cases.applicant_name = :name OR cases.id_number = :id_number'}),
              'search_id_number': ('SELECT cases.snapshot \n'
                                   'FROM cases \n'
                                   'WHERE (cases.id_number = :id_number OR cases.id_number = :id_number_upper) AND 1 = '
                                   '1 ORDER BY cases.number\n'
                                   ' LIMIT :limit OFFSET 0',
                                   {'kind': 'cases.kind = :kind',
                                    'not_voided': 'cases.state != :voided',
                                    'state': 'cases.state = :state'}),
              'search_like': ('SELECT cases.snapshot \n'
                              'FROM cases JOIN (SELECT case_search.case_number AS case_number \n'
                              'FROM case_search \n'
                              "WHERE case_search.body LIKE :pattern ESCAPE '\\') AS anon_1 ON anon_1.case_number = "
                              'cases.number \n'
                              'WHERE 1 = 1 ORDER BY cases.number\n'
                              ' LIMIT :limit OFFSET 0',
                              {'kind': 'cases.kind = :kind',
                               'not_voided': 'cases.state != :voided',
                               'state': 'cases.state = :state'}),
              'search_long': ('SELECT cases.snapshot \n'
                              'FROM cases JOIN (SELECT case_search.case_number AS case_number \n'
                              'FROM case_search JOIN case_search_trigrams ON case_search.id = '
                              'case_search_trigrams.rowid \n'
                              'WHERE case_search_trigrams MATCH :phrase) AS anon_1 ON anon_1.case_number = '
                              'cases.number \n'
                              'WHERE 1 = 1 ORDER BY cases.number\n'
                              ' LIMIT :limit OFFSET 0',
                              {'kind': 'cases.kind = :kind',
                               'not_voided': 'cases.state != :voided',
                               'state': 'cases.state = :state'}),
              'search_short': ('SELECT cases.snapshot \n'
                               'FROM cases JOIN (SELECT case_search.case_number AS case_number \n'
                               'FROM case_search JOIN case_search_grams ON case_search.id = case_search_grams.rowid \n'
                               'WHERE case_search_grams MATCH :phrase) AS anon_1 ON anon_1.case_number = '
                               'cases.number \n'
                               'WHERE 1 = 1 ORDER BY cases.number\n'
                               ' LIMIT :limit OFFSET 0',
                               {'kind': 'cases.kind = :kind',
                                'not_voided': 'cases.state != :voided',
                                'state': 'cases.state = :state'})},
 'statements': {'add_tally': 'INSERT INTO report_tallies (measure, day, kind, handler, detail, count, fen) VALUES '
                             '(:measure, :day, :kind, :handler, :detail, :count, :fen) ON CONFLICT (measure, day, '
                             'kind, handler, detail) DO UPDATE SET count = (report_tallies.count + excluded.count), '
                             'fen = (report_tallies.fen + excluded.fen)',
                'all_roles': 'SELECT users.name, users.roles \n'
                             'FROM users \n'
                             'WHERE users.disabled = :disabled ORDER BY users.name',
                'calendar_days': 'SELECT calendar_days.day, calendar_days.kind \nFROM calendar_days',
                'calendar_years': 'SELECT calendar_years.year \nFROM calendar_years',
                'case_and_head': 'SELECT (SELECT cases.snapshot \n'
                                 'FROM cases \n'
                                 'WHERE cases.number = :number) AS anon_1, (SELECT events.position \n'
                                 'FROM events ORDER BY events.position DESC\n'
                                 ' LIMIT 1 OFFSET 0) AS anon_2, (SELECT events.hash \n'
                                 'FROM events ORDER BY events.position DESC\n'
                                 ' LIMIT 1 OFFSET 0) AS anon_3',
                'case_events': 'SELECT events.position, events.case_number, events.version, events.type, events.data, '
                               'events.user_name, events.role, events.effective_on, events.recorded_at, '
                               'events.schema_version, events.snapshot_hash, events.hash, events.acted_by \n'
                               'FROM events \n'
                               'WHERE events.case_number = :number ORDER BY events.version',
                'chain_head': 'SELECT events.position, events.hash \n'
                              'FROM events ORDER BY events.position DESC\n'
                              ' LIMIT 1 OFFSET 0',
                'delete_appeals': 'DELETE FROM appeals WHERE appeals.case_number = :case_number',
                'delete_clock': 'DELETE FROM clocks WHERE clocks.case_number = :clock_case AND clocks.name = '
                                ':clock_name',
                'insert_alert': 'INSERT INTO alerts ("key", case_number, clock, started, threshold, due_on, swept_on, '
                                'recipients, subject, text, created_at) VALUES (:key, :case_number, :clock, :started, '
                                ':threshold, :due_on, :swept_on, :recipients, :subject, :text, :created_at) ON '
                                'CONFLICT ("key") DO NOTHING RETURNING id',
                'insert_appeal': 'INSERT INTO appeals (case_number, number, type, result, filed_on, decided_on) VALUES '
                                 '(:case_number, :number, :type, :result, :filed_on, :decided_on)',
                'insert_case': 'INSERT INTO cases (number, kind, state, outcome, applicant_name, applicant_type, '
                               'id_number, phone, address, channel, request, received_on, registered_on, due_on, '
                               'provisional, open_due_on, replied_on, concluded_on, on_time, handler, version, '
                               'snapshot) VALUES (:number, :kind, :state, :outcome, :applicant_name, :applicant_type, '
                               ':id_number, :phone, :address, :channel, :request, :received_on, :registered_on, '
                               ':due_on, :provisional, :open_due_on, :replied_on, :concluded_on, :on_time, :handler, '
                               ':version, :snapshot)',
                'insert_clock': 'INSERT INTO clocks (case_number, name, status, due_on, provisional, working_days, '
                                'ledger, changed_at_position) VALUES (:clock_case, :clock_name, :status, :due_on, '
                                ':provisional, :working_days, :ledger, :changed_at_position)',
                'insert_delivery': 'INSERT INTO deliveries (alert_id, channel, status, attempts, next_attempt_at) '
                                   'VALUES (:alert_id, :channel, :status, :attempts, :next_attempt_at)',
                'insert_event': 'INSERT INTO events (position, case_number, version, type, data, user_name, role, '
                                'effective_on, recorded_at, schema_version, snapshot_hash, hash, acted_by) VALUES '
                                '(:position, :case_number, :version, :type, :data, :user_name, :role, :effective_on, '
                                ':recorded_at, :schema_version, :snapshot_hash, :hash, :acted_by)',
                'insert_log': 'INSERT INTO office_log (position, recorded_at, user_name, acted_by, type, subject, '
                              'data, head_position, head_hash, hash) VALUES (:position, :recorded_at, :user_name, '
                              ':acted_by, :type, :subject, :data, :head_position, :head_hash, :hash)',
                'insert_search': 'INSERT INTO case_search (case_number, body, grams) VALUES (:search_case, :body, '
                                 ':grams)',
                'log_entries_of_type': 'SELECT office_log.position, office_log.recorded_at, office_log.user_name, '
                                       'office_log.acted_by, office_log.type, office_log.subject, office_log.data, '
                                       'office_log.head_position, office_log.head_hash, office_log.hash \n'
                                       'FROM office_log \n'
                                       'WHERE office_log.type = :type ORDER BY office_log.position',
                'log_head': 'SELECT office_log.position, office_log.hash \n'
                            'FROM office_log ORDER BY office_log.position DESC\n'
                            ' LIMIT 1 OFFSET 0',
                'next_number': 'INSERT INTO case_counters (series, last) VALUES (:series, 1) ON CONFLICT (series) DO '
                               'UPDATE SET last = (case_counters.last + 1) RETURNING last',
                'office': 'SELECT office.name, office.number_prefix, office.settings \n'
                          'FROM office \n'
                          'WHERE office.id = 1',
                'open_cases_at': 'SELECT cases.kind, cases.handler, cases.received_on, cases.due_on \n'
                                 'FROM cases \n'
                                 'WHERE cases.state != :voided AND (cases.concluded_on IS NULL AND cases.received_on '
                                 '<= :day OR cases.concluded_on > :day AND cases.received_on < :next_day)',
                'reply_clock_days': 'SELECT clocks.working_days \n'
                                    'FROM clocks \n'
                                    'WHERE clocks.case_number = :clock_case AND clocks.name = :clock_name',
                'running_clocks_due_by': 'SELECT clocks.case_number, clocks.name, clocks.due_on, clocks.ledger, '
                                         'cases.handler, cases.kind, cases.state \n'
                                         'FROM clocks JOIN cases ON cases.number = clocks.case_number \n'
                                         'WHERE clocks.status = :running AND clocks.due_on <= :due_by ORDER BY '
                                         'clocks.due_on, clocks.case_number, clocks.name',
                'tallied': 'SELECT report_tallies.kind, report_tallies.detail, sum(report_tallies.count) AS sum_1, '
                           'sum(report_tallies.fen) AS sum_2 \n'
                           'FROM report_tallies \n'
                           'WHERE report_tallies.measure = :measure AND report_tallies.day >= :first AND '
                           'report_tallies.day <= :last GROUP BY report_tallies.kind, report_tallies.detail',
                'tallied_by_handler': 'SELECT report_tallies.kind, report_tallies.handler, report_tallies.detail, '
                                      'sum(report_tallies.count) AS sum_1, sum(report_tallies.fen) AS sum_2 \n'
                                      'FROM report_tallies \n'
                                      'WHERE report_tallies.measure = :measure AND report_tallies.day >= :first AND '
                                      'report_tallies.day <= :last GROUP BY report_tallies.kind, '
                                      'report_tallies.handler, report_tallies.detail',
                'tallied_of_kind': 'SELECT report_tallies.kind, report_tallies.detail, sum(report_tallies.count) AS '
                                   'sum_1, sum(report_tallies.fen) AS sum_2 \n'
                                   'FROM report_tallies \n'
                                   'WHERE report_tallies.measure = :measure AND report_tallies.day >= :first AND '
                                   'report_tallies.day <= :last AND report_tallies.kind = :kind GROUP BY '
                                   'report_tallies.kind, report_tallies.detail',
                'tallied_through': 'SELECT report_tallies.detail, sum(report_tallies.count) AS sum_1 \n'
                                   'FROM report_tallies \n'
                                   'WHERE report_tallies.measure = :measure AND report_tallies.day <= :day AND '
                                   'report_tallies.kind = :kind GROUP BY report_tallies.detail',
                'update_clock': 'UPDATE clocks SET status=:status, due_on=:due_on, provisional=:provisional, '
                                'working_days=:working_days, ledger=:ledger, changed_at_position=:changed_at_position '
                                'WHERE clocks.case_number = :clock_case AND clocks.name = :clock_name',
                'update_search': 'UPDATE case_search SET body=:body, grams=:grams WHERE case_search.case_number = '
                                 ':search_case',
                'user_named': 'SELECT users.name \nFROM users \nWHERE users.name = :name',
                'users_by_login': 'SELECT users.name, users.login, users.roles, users.disabled \n'
                                  'FROM users \n'
                                  'WHERE users.login = :login OR users.name = :wanted',
                'users_by_name': 'SELECT users.name, users.login, users.roles, users.disabled \n'
                                 'FROM users \n'
                                 'WHERE users.name = :user OR users.name = :wanted'},
 'typed': ['after',
           'concluded_on',
           'created_at',
           'day',
           'decided_on',
           'disabled',
           'due_before',
           'due_by',
           'due_on',
           'effective_on',
           'filed_on',
           'first',
           'last',
           'next_attempt_at',
           'next_day',
           'on_time',
           'open_due_on',
           'provisional',
           'received_from',
           'received_on',
           'received_to',
           'recorded_at',
           'registered_on',
           'replied_on',
           'swept_on'],
 'update_case': ('UPDATE cases SET ',
                 ' WHERE cases.number = :b_number AND cases.version = :expected_version',
                 {'address': 'address=:address',
                  'applicant_name': 'applicant_name=:applicant_name',
                  'applicant_type': 'applicant_type=:applicant_type',
                  'channel': 'channel=:channel',
                  'concluded_on': 'concluded_on=:concluded_on',
                  'due_on': 'due_on=:due_on',
                  'handler': 'handler=:handler',
                  'id_number': 'id_number=:id_number',
                  'kind': 'kind=:kind',
                  'on_time': 'on_time=:on_time',
                  'open_due_on': 'open_due_on=:open_due_on',
                  'outcome': 'outcome=:outcome',
                  'phone': 'phone=:phone',
                  'provisional': 'provisional=:provisional',
                  'received_on': 'received_on=:received_on',
                  'registered_on': 'registered_on=:registered_on',
                  'replied_on': 'replied_on=:replied_on',
                  'request': 'request=:request',
                  'snapshot': 'snapshot=:snapshot',
                  'state': 'state=:state',
                  'version': 'version=:version'}),
 'where_mark': '1 = 1'}
