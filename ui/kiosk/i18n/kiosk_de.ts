<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="de_DE">
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
    <name>PlaceholderScreen</name>
    <message>
        <source>Next</source>
        <translation>Weiter</translation>
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
</TS>
