# Issue 16: ein Dienst, der mitten im Lauf verschwindet, ein Stopp-Signal, ein laufender Lauf.
outage-rma-gone-after = Run my Accounts hat nach Rechnung { $invoice } nicht mehr geantwortet; { $waiting ->
        [one] 1 Rechnung wartet
       *[other] { $waiting } Rechnungen warten
    } auf den nächsten Lauf ({ $reason })
outage-rma-gone-before = Run my Accounts hat vor der ersten Rechnung dieses Laufs nicht mehr geantwortet; { $waiting ->
        [one] 1 Rechnung wartet
       *[other] { $waiting } Rechnungen warten
    } auf den nächsten Lauf ({ $reason })
outage-rma-blip = Run my Accounts war kurz nicht erreichbar; { $waiting ->
        [one] 1 Rechnung wartet
       *[other] { $waiting } Rechnungen warten
    } auf den nächsten Lauf ({ $reason })
outage-harvest-gone-after = Harvest hat nach der RMA-Zahlung { $payment } nicht mehr geantwortet; { $waiting ->
        [one] 1 Zahlung wartet
       *[other] { $waiting } Zahlungen warten
    } auf den nächsten Lauf ({ $reason })
outage-harvest-gone-before = Harvest hat vor der ersten Zahlung dieses Laufs nicht mehr geantwortet; { $waiting ->
        [one] 1 Zahlung wartet
       *[other] { $waiting } Zahlungen warten
    } auf den nächsten Lauf ({ $reason })
outage-harvest-blip = Harvest war kurz nicht erreichbar; { $waiting ->
        [one] 1 Zahlung wartet
       *[other] { $waiting } Zahlungen warten
    } auf den nächsten Lauf ({ $reason })
outage-gave-up = { $service } ist { $failures }-mal hintereinander gescheitert
outage-not-acknowledged = { $count ->
        [one] 1 Zahlung wurde
       *[other] { $count } Zahlungen wurden
    } in Run my Accounts nicht quittiert; sie kommen im nächsten Lauf wieder und werden erkannt
stop-reason = durch { $signal } gestoppt: danach wurde keine neue Anfrage mehr gesendet
stop-advice = Alles bis dahin Erledigte ist aufgezeichnet; der nächste Lauf macht weiter
log-run-running = läuft
log-run-interrupted = unterbrochen (kein Ende aufgezeichnet)
log-run-stopped = durch { $signal } gestoppt (Exit { $code })
log-in-flight-invoices = gesendet, Ergebnis nicht aufgezeichnet (der nächste Lauf prüft): Rechnung { $invoices }
log-in-flight-payments = gesendet, Ergebnis nicht aufgezeichnet (der nächste Lauf prüft): RMA-Zahlung { $payments }
dry-run-beside-a-run = Gerade läuft ein echter Lauf: dieser Plan beruht auf dem Stand vor dessen Ende.
