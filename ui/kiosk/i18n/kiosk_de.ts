<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="de_DE">
<context>
    <name>AskDeskScreen</name>
    <message>
        <source>Please ask at the desk</source>
        <translation>Bitte fragen Sie am Empfang</translation>
    </message>
    <message>
        <source>A volunteer at the registration desk will help you straight away.</source>
        <translation>Am Empfang hilft man Ihnen sofort weiter.</translation>
    </message>
    <message>
        <source>Done</source>
        <translation>Fertig</translation>
    </message>
</context>
<context>
    <name>BadgeScreen</name>
    <message>
        <source>Take your badge from the printer</source>
        <translation>Bitte nehmen Sie Ihr Namensschild aus dem Drucker</translation>
    </message>
    <message>
        <source>You are checked in</source>
        <translation>Sie sind eingecheckt</translation>
    </message>
    <message>
        <source>Your badge is printing.</source>
        <translation>Ihr Namensschild wird gedruckt.</translation>
    </message>
    <message>
        <source>Add these dots to your badge:</source>
        <translation>Kleben Sie diese Punkte auf Ihr Namensschild:</translation>
    </message>
    <message>
        <source>Done</source>
        <translation>Fertig</translation>
    </message>
    <message>
        <source>Have a great event! This screen starts again by itself in a few seconds.</source>
        <translation>Viel Freude bei der Veranstaltung! Dieser Bildschirm beginnt in wenigen Sekunden von selbst neu.</translation>
    </message>
</context>
<context>
    <name>ConfirmScreen</name>
    <message>
        <source>That does not match this ticket. Tries left: {}</source>
        <translation>Das passt nicht zu diesem Ticket. Verbleibende Versuche: {}</translation>
    </message>
    <message>
        <source>Is this your ticket?</source>
        <translation>Ist das Ihr Ticket?</translation>
    </message>
    <message>
        <source>To protect your data, type the order code or the email address of this ticket.</source>
        <translation>Zum Schutz Ihrer Daten geben Sie bitte die Bestellnummer oder die E-Mail-Adresse dieses Tickets ein.</translation>
    </message>
    <message>
        <source>Order code or email address</source>
        <translation>Bestellnummer oder E-Mail-Adresse</translation>
    </message>
    <message>
        <source>Check</source>
        <translation>Prüfen</translation>
    </message>
</context>
<context>
    <name>CoreMessages</name>
    <message>
        <source>You are checked in. Your badge is printing.</source>
        <translation>Sie sind eingecheckt. Ihr Namensschild wird gedruckt.</translation>
    </message>
    <message>
        <source>You are already checked in today. If you need a new badge, please ask at the desk.</source>
        <translation>Sie sind heute schon eingecheckt. Wenn Sie ein neues Namensschild brauchen, fragen Sie bitte am Empfang.</translation>
    </message>
    <message>
        <source>Your ticket is not paid yet. Please pay at the desk; your badge prints there.</source>
        <translation>Ihr Ticket ist noch nicht bezahlt. Bitte bezahlen Sie am Empfang; dort wird Ihr Namensschild gedruckt.</translation>
    </message>
    <message>
        <source>Please ask at the desk: they will sort this out with you.</source>
        <translation>Bitte fragen Sie am Empfang: Dort klärt man das gern mit Ihnen.</translation>
    </message>
    <message>
        <source>Please ask at the desk: they will help you straight away.</source>
        <translation>Bitte fragen Sie am Empfang: Dort hilft man Ihnen sofort weiter.</translation>
    </message>
    <message>
        <source>Please ask at the desk.</source>
        <translation>Bitte fragen Sie am Empfang.</translation>
    </message>
    <message>
        <source>This ticket has no order code or email to check: please ask at the desk.</source>
        <translation>Zu diesem Ticket gibt es keine Bestellnummer und keine E-Mail-Adresse zum Prüfen: Bitte fragen Sie am Empfang.</translation>
    </message>
    <message>
        <source>That did not match three times. Please ask at the desk.</source>
        <translation>Das hat dreimal nicht gepasst. Bitte fragen Sie am Empfang.</translation>
    </message>
    <message>
        <source>Names are fixed at the desk at this event</source>
        <translation>Bei dieser Veranstaltung werden Namen am Empfang korrigiert</translation>
    </message>
</context>
<context>
    <name>IdleOverlay</name>
    <message>
        <source>Everything you entered will be cleared in {} s.</source>
        <translation>Alles, was Sie eingegeben haben, wird in {} s gelöscht.</translation>
    </message>
    <message>
        <source>Are you still there?</source>
        <translation>Sind Sie noch da?</translation>
    </message>
    <message>
        <source>Yes, I&apos;m here</source>
        <translation>Ja, ich bin da</translation>
    </message>
</context>
<context>
    <name>KioskWindow</name>
    <message>
        <source>Your badge was printed before. Please ask at the desk for a new one.</source>
        <translation>Ihr Namensschild wurde schon gedruckt. Ein neues bekommen Sie am Empfang.</translation>
    </message>
    <message>
        <source>Your badge cannot be printed here. Please ask at the desk.</source>
        <translation>Ihr Namensschild kann hier nicht gedruckt werden. Bitte fragen Sie am Empfang.</translation>
    </message>
    <message>
        <source>Your badge is printing.</source>
        <translation>Ihr Namensschild wird gedruckt.</translation>
    </message>
</context>
<context>
    <name>NoticeScreen</name>
    <message>
        <source>You are already checked in</source>
        <translation>Sie sind bereits eingecheckt</translation>
    </message>
    <message>
        <source>Please pay at the desk</source>
        <translation>Bitte bezahlen Sie am Empfang</translation>
    </message>
    <message>
        <source>You are registered</source>
        <translation>Sie sind angemeldet</translation>
    </message>
    <message>
        <source>Please ask at the desk</source>
        <translation>Bitte fragen Sie am Empfang</translation>
    </message>
    <message>
        <source>Done</source>
        <translation>Fertig</translation>
    </message>
</context>
<context>
    <name>OnScreenKeyboard</name>
    <message>
        <source>Plain letters</source>
        <translation>Normale Buchstaben</translation>
    </message>
    <message>
        <source>Accented letters</source>
        <translation>Buchstaben mit Akzent</translation>
    </message>
    <message>
        <source>Letter {}</source>
        <translation>Buchstabe {}</translation>
    </message>
    <message>
        <source>Space</source>
        <translation>Leertaste</translation>
    </message>
    <message>
        <source>Next ⏎</source>
        <translation>Weiter ⏎</translation>
    </message>
    <message>
        <source>Next</source>
        <translation>Weiter</translation>
    </message>
    <message>
        <source>Shift: capital letter</source>
        <translation>Umschalt: Großbuchstabe</translation>
    </message>
    <message>
        <source>Backspace</source>
        <translation>Rücktaste</translation>
    </message>
    <message>
        <source>Digit {}</source>
        <translation>Ziffer {}</translation>
    </message>
    <message>
        <source>At sign</source>
        <translation>At-Zeichen</translation>
    </message>
    <message>
        <source>Dot</source>
        <translation>Punkt</translation>
    </message>
    <message>
        <source>Hyphen</source>
        <translation>Bindestrich</translation>
    </message>
    <message>
        <source>Underscore</source>
        <translation>Unterstrich</translation>
    </message>
</context>
<context>
    <name>Page</name>
    <message>
        <source>Back</source>
        <translation>Zurück</translation>
    </message>
    <message>
        <source>Start again</source>
        <translation>Neu beginnen</translation>
    </message>
</context>
<context>
    <name>PayAtDeskScreen</name>
    <message>
        <source>Almost done: please pay at the desk</source>
        <translation>Fast geschafft: Bitte bezahlen Sie am Empfang</translation>
    </message>
    <message>
        <source>Please pay at the registration desk. Show them this code:</source>
        <translation>Bitte bezahlen Sie am Empfang. Zeigen Sie dort diesen Code:</translation>
    </message>
    <message>
        <source>Your code: {}</source>
        <translation>Ihr Code: {}</translation>
    </message>
    <message>
        <source>Your ticket: {}</source>
        <translation>Ihr Ticket: {}</translation>
    </message>
    <message>
        <source>Take your slip from the printer</source>
        <translation>Bitte nehmen Sie Ihren Beleg aus dem Drucker</translation>
    </message>
    <message>
        <source>Done</source>
        <translation>Fertig</translation>
    </message>
</context>
<context>
    <name>PlaceholderScreen</name>
    <message>
        <source>Next</source>
        <translation>Weiter</translation>
    </message>
</context>
<context>
    <name>PreviewScreen</name>
    <message>
        <source>Preparing your badge…</source>
        <translation>Ihr Namensschild wird vorbereitet …</translation>
    </message>
    <message>
        <source>The preview is not available, but your badge can still print.</source>
        <translation>Die Vorschau ist nicht verfügbar, Ihr Namensschild kann aber trotzdem gedruckt werden.</translation>
    </message>
    <message>
        <source>Badge preview</source>
        <translation>Vorschau des Namensschilds</translation>
    </message>
    <message>
        <source>Is everything right on your badge?</source>
        <translation>Stimmt alles auf Ihrem Namensschild?</translation>
    </message>
    <message>
        <source>Type your name as it should be on your badge:</source>
        <translation>Geben Sie Ihren Namen so ein, wie er auf dem Namensschild stehen soll:</translation>
    </message>
    <message>
        <source>Please type your name.</source>
        <translation>Bitte geben Sie Ihren Namen ein.</translation>
    </message>
    <message>
        <source>Your badge</source>
        <translation>Ihr Namensschild</translation>
    </message>
    <message>
        <source>Print my badge</source>
        <translation>Namensschild drucken</translation>
    </message>
    <message>
        <source>Fix my name</source>
        <translation>Namen korrigieren</translation>
    </message>
    <message>
        <source>Your name as it should be on the badge</source>
        <translation>Ihr Name, wie er auf dem Namensschild stehen soll</translation>
    </message>
    <message>
        <source>Your name</source>
        <translation>Ihr Name</translation>
    </message>
    <message>
        <source>Save my name</source>
        <translation>Namen speichern</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Abbrechen</translation>
    </message>
</context>
<context>
    <name>RegisterScreen</name>
    <message>
        <source>Please read the privacy note and tick the box.</source>
        <translation>Bitte lesen Sie den Datenschutzhinweis und setzen Sie das Häkchen.</translation>
    </message>
    <message>
        <source>Please choose a ticket.</source>
        <translation>Bitte wählen Sie ein Ticket.</translation>
    </message>
    <message>
        <source>We need your email address to find your registration again.</source>
        <translation>Wir brauchen Ihre E-Mail-Adresse, um Ihre Anmeldung wiederzufinden.</translation>
    </message>
    <message>
        <source>This is not an email address. Please check it.</source>
        <translation>Das ist keine gültige E-Mail-Adresse. Bitte prüfen Sie sie.</translation>
    </message>
    <message>
        <source>Please type your name.</source>
        <translation>Bitte geben Sie Ihren Namen ein.</translation>
    </message>
    <message>
        <source>That is too long: at most 200 characters.</source>
        <translation>Das ist zu lang: höchstens 200 Zeichen.</translation>
    </message>
    <message>
        <source>Register for {}</source>
        <translation>Anmeldung zu {}</translation>
    </message>
    <message>
        <source>About you</source>
        <translation>Über Sie</translation>
    </message>
    <message>
        <source>Your name</source>
        <translation>Ihr Name</translation>
    </message>
    <message>
        <source>Email address</source>
        <translation>E-Mail-Adresse</translation>
    </message>
    <message>
        <source>Organisation (optional)</source>
        <translation>Organisation (freiwillig)</translation>
    </message>
    <message>
        <source>Home town (optional)</source>
        <translation>Wohnort (freiwillig)</translation>
    </message>
    <message>
        <source>Your ticket</source>
        <translation>Ihr Ticket</translation>
    </message>
    <message>
        <source>free</source>
        <translation>kostenlos</translation>
    </message>
    <message>
        <source>Ticket: {}</source>
        <translation>Ticket: {}</translation>
    </message>
    <message>
        <source>Your interests (optional)</source>
        <translation>Ihre Interessen (freiwillig)</translation>
    </message>
    <message>
        <source>Interest: {} (badge mark {})</source>
        <translation>Interesse: {} (Zeichen auf dem Namensschild: {})</translation>
    </message>
    <message>
        <source>Your data</source>
        <translation>Ihre Daten</translation>
    </message>
    <message>
        <source>I agree to the privacy note</source>
        <translation>Ich bin mit dem Datenschutzhinweis einverstanden</translation>
    </message>
    <message>
        <source>Register</source>
        <translation>Anmelden</translation>
    </message>
</context>
<context>
    <name>ScannedScreen</name>
    <message>
        <source>Is this you?</source>
        <translation>Sind Sie das?</translation>
    </message>
    <message>
        <source>We could not find this ticket</source>
        <translation>Wir konnten dieses Ticket nicht finden</translation>
    </message>
    <message>
        <source>Yes, that&apos;s me</source>
        <translation>Ja, das bin ich</translation>
    </message>
    <message>
        <source>No</source>
        <translation>Nein</translation>
    </message>
    <message>
        <source>Try scanning it again, or search for your name.</source>
        <translation>Scannen Sie es bitte noch einmal oder suchen Sie nach Ihrem Namen.</translation>
    </message>
    <message>
        <source>Try again</source>
        <translation>Noch einmal versuchen</translation>
    </message>
    <message>
        <source>Ask at the desk</source>
        <translation>Am Empfang fragen</translation>
    </message>
</context>
<context>
    <name>StatusLine</name>
    <message>
        <source>Large text</source>
        <translation>Große Schrift</translation>
    </message>
    <message>
        <source>High contrast</source>
        <translation>Hoher Kontrast</translation>
    </message>
    <message>
        <source>The printer needs help: please ask at the desk</source>
        <translation>Der Drucker braucht Hilfe: bitte fragen Sie am Empfang</translation>
    </message>
    <message>
        <source>Language: {}</source>
        <translation>Sprache: {}</translation>
    </message>
</context>
<context>
    <name>TicketScreen</name>
    <message>
        <source>This is me: {}</source>
        <translation>Das bin ich: {}</translation>
    </message>
    <message>
        <source>Type at least 3 letters of your first or last name.</source>
        <translation>Geben Sie mindestens 3 Buchstaben Ihres Vor- oder Nachnamens ein.</translation>
    </message>
    <message>
        <source>Nobody found with that name. Check the spelling, or ask at the desk.</source>
        <translation>Niemand mit diesem Namen gefunden. Prüfen Sie die Schreibweise oder fragen Sie am Empfang.</translation>
    </message>
    <message>
        <source>Tap your name.</source>
        <translation>Tippen Sie auf Ihren Namen.</translation>
    </message>
    <message>
        <source>Find your ticket</source>
        <translation>Ihr Ticket finden</translation>
    </message>
    <message>
        <source>Scan your ticket&apos;s QR code at the scanner</source>
        <translation>Halten Sie den QR-Code Ihres Tickets an den Scanner</translation>
    </message>
    <message>
        <source>A ticket held to the scanner</source>
        <translation>Ein Ticket wird an den Scanner gehalten</translation>
    </message>
    <message>
        <source>Or search by name</source>
        <translation>Oder nach Namen suchen</translation>
    </message>
    <message>
        <source>Your name</source>
        <translation>Ihr Name</translation>
    </message>
</context>
<context>
    <name>WelcomeScreen</name>
    <message>
        <source>Welcome to {}</source>
        <translation>Willkommen bei {}</translation>
    </message>
    <message>
        <source>I have a ticket</source>
        <translation>Ich habe ein Ticket</translation>
    </message>
    <message>
        <source>I need a ticket</source>
        <translation>Ich brauche ein Ticket</translation>
    </message>
    <message>
        <source>or scan your ticket&apos;s QR code at the scanner</source>
        <translation>oder halten Sie den QR-Code Ihres Tickets an den Scanner</translation>
    </message>
    <message>
        <source>Large text</source>
        <translation>Große Schrift</translation>
    </message>
    <message>
        <source>High contrast</source>
        <translation>Hoher Kontrast</translation>
    </message>
    <message>
        <source>Language: {}</source>
        <translation>Sprache: {}</translation>
    </message>
</context>
</TS>
