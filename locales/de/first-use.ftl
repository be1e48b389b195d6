# Was neue Benutzer zuerst sehen (Issue 19): dismiss und seine Rücknahme, doctor bei einem
# leeren Mandanten, Harvest ohne Zugangsdaten, Erledigungen im Protokoll.
dismiss-nothing-to-dismiss = Rechnung { $number } hat kein offenes Problem, es gibt also nichts zu erledigen; `rma-harvest log` listet die offenen Probleme auf (`rma-harvest dismiss --force { $number }` würde ihre späteren Meldungen trotzdem stummschalten)
dismiss-not-dismissed = Rechnung { $number } ist nicht als erledigt markiert, es gibt also nichts zurückzunehmen
dismiss-undone = Rechnung { $number }: Erledigung zurückgenommen ({ $count ->
        [one] 1 Problem
       *[other] { $count } Probleme
    } wieder offen); der nächste Lauf weist sie wieder zurück oder meldet sie wieder, wenn sie noch jemanden braucht
log-dismissal-entry = Eintrag { $id } — von Hand, { $at }
doctor-totals-no-invoice = Run my Accounts hat noch keine Rechnung (keine vom { $from } bis { $to }), es gibt also nichts zu prüfen
doctor-totals-no-invoice-advice = führen Sie `rma-harvest doctor` nach der ersten Synchronisation, die Rechnungen gebucht hat, noch einmal aus
harvest-not-connected-oauth = Harvest ist nicht verbunden: führen Sie einmal `rma-harvest auth` aus; das speichert die Berechtigung der OAuth-App (harvest.client_id) in der Zustandsdatei
harvest-not-connected = Harvest ist nicht verbunden: setzen Sie harvest.access_token und harvest.account_id (ein persönliches Zugriffstoken; oder HARVEST_ACCESS_TOKEN), oder harvest.client_id und harvest.client_secret einer OAuth-App und führen Sie dann `rma-harvest auth` aus
