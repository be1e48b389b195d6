# `rma-harvest log`: die Tabelle der Läufe, die Ereignisse eines Laufs und die offenen Probleme (Issue 17).

log-no-state-file = Noch keine Läufe aufgezeichnet (keine Statusdatei unter { $path }).
log-no-such-run = im Protokoll gibt es keinen Lauf { $run }
log-no-runs = Noch keine Läufe aufgezeichnet.
log-limit-zero = --limit 0: keine Läufe angezeigt.
log-no-events = (keine Ereignisse)
log-footer = `rma-harvest log --run ID` zeigt alle Ereignisse eines Laufs.
log-open-problems = Offene Probleme ({ $count }):
log-open-problem = { $problem } (zuerst gesehen { $first }, zuletzt gesehen { $last })
log-what-to-do = Was tun: { $todo }
log-booked-list = gebucht: { $numbers }
log-linked-list = verknüpft: { $numbers }
log-column-run = Lauf
log-column-started = Beginn
log-column-result = Ergebnis
log-column-booked = gebucht
log-column-linked = verknüpft
log-column-refused = abgelehnt
log-column-payments = Zahlungen
log-result-ok = ok
log-result-needs-attention = braucht Aufmerksamkeit (Exit 1)
log-result-auth-failed = Anmeldung fehlgeschlagen (Exit 3)
log-result-unreachable = Dienst nicht erreichbar (Exit 4)
log-result-failed = fehlgeschlagen (Exit { $exit })
log-run-title = Lauf { $run } — Beginn { $started }, { $result }; { $booked } gebucht, { $linked } verknüpft, { $refused } abgelehnt, { $payments ->
        [one] 1 Zahlung
       *[other] { $payments } Zahlungen
    } erfasst, { $removed } entfernt
