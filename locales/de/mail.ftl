# Die Mail an die Buchhaltung (Issue 18), ihre Einstellungen und der Befehl `mail`.

mail-config-missing = [notify.email] braucht { $key }
mail-config-address = { $key } = "{ $value }": keine E-Mail-Adresse
mail-config-smtp-url = { $key } = "{ $value }": muss smtps://host:465 (TLS von Anfang an) oder smtp://host:587 (STARTTLS) sein
mail-config-password = { $key } ist gesetzt, aber es gibt kein Passwort: setzen Sie { $env } oder notify.email.password
mail-config-when = { $key } = "{ $value }": erlaubt sind "problems" und "activity"
mail-config-days = { $key } muss eine ganze Zahl ab 1 sein

mail-subject = Harvest → Run my Accounts ({ $tenant }), { $date }: { $gist }
mail-gist-booked = { $count ->
    [one] 1 Rechnung gebucht
   *[other] { $count } Rechnungen gebucht
}
mail-gist-linked = { $count ->
    [one] 1 Rechnung verknüpft
   *[other] { $count } Rechnungen verknüpft
}
mail-gist-payments = { $count ->
    [one] 1 Zahlung übertragen
   *[other] { $count } Zahlungen übertragen
}
mail-gist-attention = { $count ->
    [one] 1 braucht Ihre Aufmerksamkeit
   *[other] { $count } brauchen Ihre Aufmerksamkeit
}
mail-gist-still-open = { $count ->
    [one] 1 Problem noch offen
   *[other] { $count } Probleme noch offen
}
mail-gist-quiet = nichts Neues

mail-greeting = Was rma-harvest für den Mandanten { $tenant } getan hat:
mail-section-attention = Braucht Ihre Aufmerksamkeit
mail-section-booked = In Run my Accounts gebucht
mail-section-payments = Zahlungen nach Harvest übertragen
mail-section-still-open = Noch offen
mail-todo = Was tun: { $todo }
mail-first-seen = zuerst gesehen am { $date }
mail-carried = Eine frühere Mail konnte nicht gesendet werden; diese sagt auch, was jene gesagt hätte ({ $count } Läufe: { $nights }).
mail-footer = Das ganze Protokoll: `rma-harvest log` auf dem Server; nur dieser Lauf: `rma-harvest log --run { $run }`.

mail-test-subject = rma-harvest: Testmail ({ $tenant })
mail-test-body = Diese Testmail zeigt, dass rma-harvest die Mail an die Buchhaltung an { $to } senden kann. Sonst wurde nichts getan.
mail-test-sent = Testmail an { $to } gesendet; der Server antwortete: { $answer }
mail-sent = Mail an { $to } gesendet.
mail-failed = Die Mail an die Buchhaltung konnte nicht gesendet werden: { $reason }. Nichts ist verloren: die nächste Mail, die durchgeht, sagt auch, was dieser Lauf getan hat.
mail-failed-todo = Prüfen Sie [notify.email] und den Mailserver (`rma-harvest mail --test`); das Problem schliesst sich, sobald eine Mail durchgeht
mail-not-configured = Es ist keine Mail eingerichtet: { $path } hat keinen Abschnitt [notify.email].
mail-preview-sent = (Diese Mail wurde am { $at } gesendet.)
mail-preview-waiting = (Noch nicht gesendet: die nächste Mail, die durchgeht, enthält sie.)
mail-preview-quiet = (Nichts Neues: für diesen Lauf wurde keine Mail gesendet.)
mail-no-runs = Es sind noch keine Läufe aufgezeichnet, also gibt es keine Mail zu zeigen.
mail-no-such-run = Im Protokoll gibt es keinen Lauf { $run }.
mail-doctor-holds = { $host }:{ $port } antwortet und akzeptiert { $login }
mail-doctor-login = die Anmeldung
mail-doctor-no-login = die Verbindung (kein Benutzername eingerichtet)
mail-doctor-fails = { $host }:{ $port }: { $reason }
mail-doctor-advice = Prüfen Sie notify.email.smtp_url, den Benutzernamen und { $env }; `rma-harvest mail --test` sendet eine Testmail
mail-ca-file = notify.email.ca_file { $path }: { $reason }
mail-closed = der Server hat die Verbindung geschlossen
