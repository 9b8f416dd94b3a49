"""A reply that asks who is writing and why, which the HELP answer says (compliance.optout).

"Who is this?", "What law firm is this?", "which accident?", "how often will you text me?",
"¿De qué se trata?": only when the reply asks nothing else, clause by clause, with the words
said on the way to the question ("I'm confused", "Before I reply STOP") left aside. Works on
text from optout_text.normalise.
"""

from __future__ import annotations

import re

# "how do I opt out later if I need to?": asking how, for some other day.
HOW_TO_STOP_LATER = re.compile(
    r"\bhow (?:do|can|would|will|could) (?:i|we) (?:opt out|unsubscribe|stop (?:the |these |your )?"
    r"(?:texts|messages|emails|calls|them|it)|cancel|make (?:it|them) stop)\b(?: [a-z]+){0,3}"
    r" (?:later|in the future|down the road|eventually|if (?:i|we) (?:ever )?(?:need|want) to)\b"
    # "can I unsubscribe anytime?", "¿me puedo dar de baja cuando quiera?", "Cómo me doy de baja?
    # ... solo saber"
    r"|\bcan (?:i|we) (?:unsubscribe|opt out)(?: later)? (?:anytime|any time|whenever|later)\b"
    r"|\b(?:me puedo|puedo|se puede) dar(?:me)? de baja (?:cuando quiera|despues|luego|mas"
    r" adelante)\b"
    r"|\bcomo me doy de baja\b.*\b(?:solo (?:quiero )?saber|no quiero cancelar)\b"
    # "If I sign up for the newsletter, is it easy to unsubscribe later?"
    r"|\bis it (?:easy|hard|possible) to (?:unsubscribe|opt out|stop (?:it|them))(?: later)?\b"
    # "What do I reply if I want the texts to stop later?"
    r"|\bwhat (?:do|would|should) (?:i|we) (?:reply|text|send|say) if (?:i|we) (?:ever )?(?:want"
    r"|need) (?:the |these |your )?(?:texts|messages|emails|calls|them|it|these|this) to stop"
    r"(?: (?:later|in the future|someday|one day))?\b"
)


# "Who is this?", "What law firm is this?", "¿De qué se trata?": the person asks who is writing
# and why, which is what the HELP answer says (who we are, how to reach us, how to stop). Only
# when the reply asks nothing else; a person follows up as well (the engine).
_WHO_IS_THIS = re.compile(
    r"(?:(?:huh|hi|hello|hey|um|uh|sorry|excuse me|ok|okay|umm|hmm|hola|perdon|disculpe|oye"
    r"|wait|yo|and|y|help|ayuda|info|pls|please)\s+)*(?:"
    r"whos (?:texting|messaging|calling|emailing|contacting|writing) me"
    r"|who (?:exactly )?(?:is|s|dis|this|are|r|am i talking to|is texting|is messaging"
    r"|is contacting|sent|keeps texting)(?: (?:this|you|u|yall|you guys|you people|me|this from"
    r"|texting me|messaging me|this is|it is|exactly|from this number|from))*"
    # "who is Lakeshore Injury Law", "who is this law firm", "idk who this is"
    r"|who (?:is|are) (?!(?:the|a|an|my|your|that)\b)(?:[a-z]+ ){1,4}(?:law|legal|law firm"
    r"|law group|law office|attorneys|lawyers|injury lawyers)"
    r"|(?:i (?:do not|really do not) know|idk|(?:i have )?no (?:clue|idea)|not sure) who (?:this"
    r" is|you are|this|you|u are|yall are|is texting(?: me)?|sent this)"
    r"|whos this|whose number is this|what (?:is|s) this(?: (?:email|text|message|call|letter"
    r"|newsletter|mail|mailing|list|number))?"
    r"(?: (?:about|regarding|for|in reference to|concerning|in regards to|re|message about"
    r"|text about|number))?|whats this(?: about)?"
    # "what kind of messages are these?", "am I going to be charged for them?"
    r"|what (?:kind|sort|type) of (?:messages|texts|emails|calls|text messages) (?:are|r) (?:these"
    r"|those|this|you sending(?: me)?)"
    r"|(?:am i going to|will i|do i have to|would i) (?:be charged|get charged|pay)(?: for"
    r" (?:them|these|this|it|(?:the|these|those) (?:texts|messages|emails)))?"
    # "what are the message rates?", "how often will you text me?": what the texts are.
    r"|what (?:are|r|is) (?:the|your) (?:message|msg|text|texting|data|msg and data|message and"
    r" data) (?:rates?|charges?|fees?)"
    r"|how (?:often|many times(?: (?:a|per) (?:day|week|month))?|much) (?:will|do|are|would"
    r"|does) (?:you|u|yall|you guys|your firm)"
    r" (?:be |going to |gonna )?(?:text|call|email|message|contact)(?:ing)?(?: me| us)?"
    r"(?: (?:a|per) (?:day|week|month))?"
    # "what does 'Reply STOP to opt out' mean? does that cancel my case or just the texts?"
    r"|what does (?:reply |replying |text |texting )?(?:stop|opt out|unsubscribe)(?: to (?:opt out"
    r"|unsubscribe|stop|end))? mean"
    r"|(?:does|would|will) (?:that|this|it|stop|replying stop) (?:cancel|end|stop|close) my"
    r" (?:case|claim)(?: or (?:just )?(?:the )?(?:texts|messages|emails))?"
    # "what is this? do I need to do something or can I just ignore it"
    r"|(?:do i (?:need|have) to (?:do|reply|respond)(?: (?:something|anything|to this))?"
    r"(?: or (?:can i )?(?:just )?ignore (?:it|this))?|can i (?:just )?ignore (?:it|this))"
    r"|(?:does|do|is|are) (?:this|these|it|they"
    r"|those|the texts|the messages) (?:cost|costs|cost me|free)(?: anything| money)?"
    # "help me understand what these messages are for", "I don't know what you're talking about"
    r"|help me understand(?: what (?:this|these|it) (?:is|are)(?: (?:messages|texts|emails))?"
    r"| what (?:this|these) (?:messages|texts|emails|message|text|email) (?:is|are))?"
    r"(?: (?:about|for|regarding))?"
    r"|(?:i )?(?:do not|dont) (?:know|understand) what (?:you are|youre|u r|this is|you re)"
    r" (?:talking about|referring to|asking about|about)"
    r"|i (?:did not|never|have not|have never) (?:request|requested|ask for|asked for|sign up for"
    r"|signed up for|subscribe to|subscribed to|fill out|filled out|file|filed)(?: (?:any|for|this"
    r"|it|anything"
    r"|information|info|any information|any info|a newsletter|this newsletter|your newsletter"
    r"|anything like this))*"
    # "what accident?", "what law firm?", "what r these texts", "what is Lakeshore Injury Law"
    r"|(?:what|which) (?:law )?(?:firm|company|office|accident|case|claim|crash|lawyer|attorney"
    r"|lawyers|attorneys|inquiry|request|form|submission|matter|incident)"
    r"|(?:regarding|about|concerning|in regards to|re) what|what (?:is it|is this) (?:about"
    r"|regarding)|huh"
    r"|what (?:are|r) (?:these|this|the|those) (?:texts|messages|emails|calls|text messages)"
    r"(?: (?:about|for|regarding))?"
    r"|what (?:is|s) (?!(?:the|a|an|my|your|this|that)\b)(?:[a-z]+ ){1,4}(?:law|legal|law firm"
    r"|law group|law office|attorneys|lawyers|injury lawyers)"
    r"|(?:could|can|would) (?:you|u) (?:please )?tell me (?:who (?:you are|this is|is writing"
    r"|is texting)|what (?:this|it)(?: email| text| message)? is(?: about| regarding| for)?)"
    r"|(?:(?:i )?(?:do not|am not sure i|cannot|can not) )(?:remember|recall|recognize)"
    r" (?:ever )?(?:contacting|reaching out(?: to)?|calling|talking to|signing up|filling out"
    r"|asking"
    r"|writing to|emailing|texting|giving|speaking to|speaking with|submitting|sending"
    r"|requesting)(?: [a-z]+){0,4}"
    r"|i (?:am|m) not sure what (?:this|it|this email|this text|this message|you) (?:is|are|want)"
    r"(?: about| regarding| for)?"
    r"|no entiendo(?: (?:este|el|su|tu) (?:mensaje|texto|correo)| esto| nada| de que se trata)?"
    r"|what (?:law )?(?:firm|company|office) (?:are|r) (?:you|u|yall) (?:with|from|calling from)"
    r"|(?:i have |i |we have )?never heard of (?:you|yall|u|your firm|this firm|you guys|you people"
    r"|your company|this company)"
    r"|how(?:d| did) (?:you|u|yall) get (?:my|this) (?:number|info|information|email|cell|#)"
    r"|how (?:you|u|yall) got (?:my|this) (?:number|info|information|email|cell|#|email address)"
    r"|what (?:law )?(?:firm|company|office|business) is this|which (?:law )?(?:firm|company"
    r"|office) is this|what (?:are|r) (?:you|u)|what do you want|what is (?:this|it) (?:you"
    r" want)"
    r"|(?:how|where) did (?:you|u|yall) get (?:my|this) (?:number|info|information|email|cell)"
    r"|who gave (?:you|u|yall) (?:my|this) (?:number|info|email)|how do (?:you|u) have my"
    r" (?:number|info|email)|do i know (?:you|u)"
    r"|(?:i )?do not (?:know|recognize|recognise) (?:you|u|this|this number|the number|your number"
    r"|this firm|your firm|the name|this name|this company|your firm name|the firm name|your name"
    r"|the firm|your firms name|your office|this office)"
    r"|(?:there is )?no name on (?:the|this|your) (?:text|message)"
    r"|i do not have (?:this|your) number saved"
    r"|who (?:u|you)|(?:con|a) quien (?:hablo|le hablo|escribo|le escribo)"
    r"|(?:y )?(?:ustedes|usted|tu) quien(?:es)? (?:son|es|eres)"
    r"|quien (?:es|eres|habla|me escribe|me habla|son)|quienes son(?: ustedes)?|que es esto"
    r"|de que es esto|para que es esto|que quieren|que necesitan"
    r"|de que se trata(?: esto)?|que es|no se (?:que|de que) es(?: esto)?|no se de que se trata"
    # "Is this an automated message?", "is this a real person or an auto-reply?", "who am I
    # speaking with?", "what's the name of your company again?": who or what is writing.
    r"|is (?:this|it) (?:an? )?(?:automated|automatic|auto|robot|bot|computer|real person"
    r"|(?:a )?human|person)(?: (?:message|text|reply|response|auto reply|autoreply))?"
    r"(?: or (?:an? )?(?:real person|person|human|bot|robot|auto ?reply|automated (?:message"
    r"|text|reply)|machine|computer))?"
    r"|(?:who|what) am i (?:speaking|talking|texting|chatting) (?:with|to)"
    r"|what (?:is|s) (?:the|your) (?:company|firm|law firm|office|business) s? ?name"
    r"|what (?:is|s|was) the name of (?:your|the|this) (?:company|firm|law firm|office|business)"
    r"|i (?:just )?(?:want|wanted|need|would like) to know who (?:sent|is sending|texted"
    r"|is texting|emailed|is emailing|is writing|wrote) (?:me|(?:me )?(?:this|these|that))"
    # "If I reply STOP will it cancel my case too?", "Si pongo ALTO, ¿se cancela mi cita?",
    # "Does STOP stop the emails too or just the texts?": what the keyword does
    r"|(?:if i (?:reply|text|send|say|put|type|respond|write|answer)(?: with)? (?:stop|alto"
    r"|baja|unsubscribe|cancel|end)(?: ,)? )?(?:will|would|does|do|is|can) (?:it|that|this"
    r"|stop|replying stop|they|you) (?:also )?(?:cancel|end|stop|close|delete|drop|affect"
    r"|unsubscribe me from|cover|apply to) (?:my|the) (?:case|claim|appointment|consultation"
    r"|consult|emails|texts|calls|file|lawyer|attorney|representation)(?: too| as well| also)?"
    r"(?: or (?:just|only) (?:the )?(?:texts|emails|calls|messages))?"
    r"|si (?:pongo|mando|escribo|respondo|contesto|envio|digo) (?:alto|stop|baja|cancelar)(?: ,)?"
    r" (?:se )?(?:cancela|cancelan|borra|borran|termina|pierdo|cierra|cierran) (?:mi|el|la|mis)"
    r" (?:caso|cita|consulta|reclamo|abogado|expediente)"
    r"|(?:can|could|would) you (?:please )?tell me (?:which|what) (?:inquiry|case|matter|accident"
    r"|claim|request|form) (?:this|it) is (?:about|regarding|for|in reference to)"
    r"|no se que (?:son|significa)(?: (?:esto|estos mensajes|este mensaje))?"
    r"|de donde (?:sacaron|obtuvieron|tienen|saco) mi (?:numero|correo)"
    r"|como (?:consiguieron|obtuvieron|tienen) mi (?:numero|correo)|no (?:tengo|conozco) este"
    r" numero(?: guardado)?|no se quien (?:es|son|eres)"
    r"|(?:me )?(?:puede|pueden|podria|podrian|puedes) (?:decir|explicar)(?: (?:de )?(?:que|quien"
    r"|cual|quienes)(?: [a-z]+){0,4})?|que (?:empresa|firma|despacho|oficina)"
    r" es(?: esta| esto)?|de (?:que|cual) (?:empresa|firma|despacho|oficina)(?: es| son)?"
    r")(?:\s+(?:please|pls|again|exactly|now|lol|por favor))*"
)


# "Does STOP stop the emails too or just the texts?", "If I reply STOP will it cancel my case
# too?": asking what the keyword does, which the HELP answer says.
WHAT_STOP_DOES = re.compile(
    r"\b(?:does|do|will|would) (?:stop|replying stop|texting stop|alto|unsubscribe|opting out"
    r"|unsubscribing) (?:also )?(?:stop|cancel|end|cover|apply to|work for|unsubscribe me from)"
    r" (?:the |my )?(?:emails|texts|calls|messages|case|claim|everything|all of it|consultation"
    r"|consult|appointment|file|cita|caso)"
    r"(?: too| as well| also)?"
    r"(?: or (?:just|only) (?:the )?(?:texts|emails|calls|messages))?"
    r"(?: with (?:you|you guys|yall|your (?:firm|office)))?(?= \.|$)"
    # "there's an unsubscribe link at the bottom, does clicking that also cancel my case?"
    r"|\b(?:does|would|will) (?:clicking|hitting|pressing|using) (?:that|it|the link|this)"
    r" (?:also )?(?:cancel|end|close|affect|stop) my (?:case|claim|file|consultation)\b"
)
_IF_I_SAY_STOP = re.compile(
    r"\b((?:if i|si) \w+(?: with)? (?:stop|alto|baja|unsubscribe|cancelar|cancel|end)"
    r"|if i (?:unsubscribe|opt out)(?: from (?:these|the|your) (?:emails|texts|messages))?) ,"
)


def asks_who(normal: str) -> bool:
    normal = _IF_I_SAY_STOP.sub(r"\1", normal)
    normal = re.sub(r"\b[a-z]+ (?:and|&) who\b", "who", normal)  # "Whitfield and who?"
    normal = re.sub(r"^[a-z]+ who(?= \.|$)", "who", normal)  # "Okafor who?"
    clauses = [c.strip() for c in re.split(r"\s(?:\.|,|and|y|but|pero|or)(?=\s)", f" {normal} ")]
    clauses = [c for c in clauses if c and c != "."]
    if clauses and all(re.fullmatch(r"(?:huh|what|wut|que|eh)(?: huh)?", c) for c in clauses):
        return True  # "huh?", "¿qué?": what is this about
    clauses = [c for c in clauses if not _FILLER.fullmatch(c)]
    return bool(clauses) and all(
        _WHO_IS_THIS.fullmatch(c)
        or _WHO_AND_WHY.fullmatch(c)
        or (n and _OTHER_OFFICE.fullmatch(c) and _WHO_AND_WHY.fullmatch(clauses[n - 1]))
        for n, c in enumerate(clauses)
    )


# The other side of "or" after a question of which office: "... or the bank", "... or something
# else", "... o son otros".
_OTHER_OFFICE = re.compile(
    r"(?:the |a |an |from the )?(?:[a-z]+ ){0,3}(?:office|agency|administration|department|hospital"
    r"|bank|company|firm|government|people|insurance|collectors?|lender|collection agency)"
    r"|something else|someone else|somebody else|what"
    r"|(?:son |es )?(?:otro|otra|otros|otras)(?: [a-z]+)?"
)


_LEAD_IN = (
    r"(?:(?:huh|hi|hello|hey|um|uh|umm|hmm|sorry|ok|okay|so|wait|perdon|disculpe|oye|oiga|hola"
    r"|buenas|buenos dias|buenas tardes)\s+)*"
    r"(?:before i (?:unsubscribe|opt out|reply stop|block you)\s+)?"
)
# More ways of asking who is writing, how they got the number, and what it is about: "where did
# u get my number from", "are you a robot?", "could you clarify who you are", "wym?", "¿de qué
# accidente me habla?", "is this about my mother's case or mine?", "which law firm did you say
# this was?", "are you sure you have the right person?".
_WHO_AND_WHY_ASKED = (
    r"who|quien|quienes",
    r"(?:(?:where|how) (?:did|do)|whered|howd) (?:you|u|yall|you guys) (?:get|have|find) (?:my"
    r"|this) (?:number|info|information|email|email address|address|cell|contact(?: info)?)"
    r"(?: from)?",
    r"how (?:you|u|yall) got (?:my|this) (?:number|info|email|address|email address)",
    # "how do you know my name", "How do you know I'm being foreclosed on"
    r"how (?:do|did) (?:you|u|yall|you guys) (?:know|find out|hear)(?: about)? (?:my name|me|who i"
    r" am|(?:about )?my [a-z]+|(?:that )?i (?:am|m|was|got|had) [a-z ]{1,40})",
    r"(?:are|r) (?:you|u|yall|you guys) (?:a |an )?(?:robot|bot|real person|person|human|machine"
    r"|computer|automated|an ai|ai)(?: or (?:a |an )?(?:real )?(?:person|human|robot|bot))?",
    r"(?:(?:i )?(?:would like|want|wanted|need|d like|just want) to know|(?:can|could|would)"
    r" (?:you|u) (?:please )?(?:clarify|explain|tell me|let me know)|can i (?:get|have)"
    r" (?:more |some )?(?:info|information|details) (?:about|on)) (?:who (?:you are|this is"
    r"|is writing|u are)|what (?:this|it) is(?: about| regarding)?|which (?:inquiry|case|matter"
    r"|accident|claim|request|form) (?:you are|youre|you re|this is) (?:referring to|about"
    r"|talking about|regarding))(?: first)?",
    r"which (?:inquiry|case|matter|accident|claim|request|form) (?:you are|youre|you re)"
    r" (?:referring to|talking about|asking about)",
    r"(?:i am|im|i m) not sure what (?:it is|its|it s|this is|this s) (?:regarding|about|for)",
    r"(?:no idea|no clue|not sure|i do not know|idk) what (?:this|it) is(?: about)?",
    r"explain|wym|what do you mean|what do u mean|wdym",
    r"(?:what|which) (?:law )?(?:firm|company|office) (?:did you say|was) (?:this|it) (?:was|is)?",
    r"(?:can|could) (?:you|u) (?:please )?tell me (?:your|the) (?:company|firm|law firm|office"
    r"|business)(?: s)? name",
    r"is (?:this|it) an? (?:automated|automatic|auto) (?:message|text|reply)",
    r"can i (?:reply|respond|text back|answer)(?: to (?:it|this))?(?: or (?:do )?i (?:need"
    r"|have) to call(?: you| instead)?)?",
    r"(?:if i (?:reply|text|send|say) stop )?can i still (?:call|contact|reach|text|email)"
    r" (?:you|yall|you guys|your office)(?: later| afterwards| after)?",
    r"(?:are you|r u) sure (?:you have|you got|this is|u have) the right (?:person|number|guy"
    r"|lady)",
    r"i (?:do not|dont) (?:remember|recall) (?:any|an|this|the|a) (?:inquiry|request|form|case"
    r"|claim|accident|consultation)",
    r"i (?:do not|dont) have (?:any|a) (?:case|claim)(?: with (?:anyone|anybody|you|yall))?",
    r"(?:de )?que (?:accidente|caso|asunto|reclamo) (?:me )?(?:habla|hablan|dice|dicen)",
    r"(?:y )?(?:esto )?de que es(?: esto)?",
    r"(?:por que|para que) me (?:estan |esta )?(?:escriben|llaman|contactan|mandan (?:mensajes"
    r"|esto)|escribe|llama|escribiendo|llamando|contactando|mandando (?:mensajes|esto)|buscan"
    r"|busca|estan buscando)",
    # "why are you texting me?", "what inquiry is this about?", "will I still get emails?"
    r"(?:(?:no ?mas|solo|nada mas|solamente) )?quiero saber (?:quien|quienes) (?:es|son|eres"
    r"|me escribe)",
    r"(?:(?:can|could|would) (?:you|u) (?:please )?|just |please |pls )?tell me(?: (?:who (?:you"
    r" are|this is)|what (?:company|firm|law firm|office) (?:this is|you are|is this)|what (?:this"
    r"|it) is(?: about| regarding)?))?",
    r"what (?:this|it) is (?:about|regarding|for|in reference to|concerning|in regards to)",
    # "Who's Alvarez Brooks?", "Who is Attorney Brooks": a name asked about
    r"who (?:is|s) (?!(?:my|your|the|a|an|this|that|our|it|he|she|they|going|calling|texting)\b)"
    r"[a-z]+(?: [a-z]+){0,2}",
    r"(?:i (?:am|m) )?not sure which (?:matter|case|inquiry|claim|accident|request) (?:this|it)"
    r" (?:concerns|is about|is regarding|is for|refers to)",
    r"what happens to my (?:file|case|claim|account|appointment) if i (?:click|reply|text|send|hit"
    r"|press) (?:stop|unsubscribe|alto|baja|opt out)(?: [a-z]+){0,8}",
    r"remind me what (?:this|it) is (?:regarding|about|for)",
    r"(?:i am |im )?not (?:sure|certain) which (?:firm|office|company|lawyer|one)"
    r" (?:you are|this is|u are)",
    r"(?:what|which) (?:matter|case) (?:this|it) (?:concerns|is about|is regarding)",
    r"(?:could|can|would) (?:you|u) (?:please )?clarify",
    r"(?:will|would|does) (?:texting|replying|sending|saying) (?:stop|alto) (?:also )?stop (?:my"
    r" lawyer|you|your office|the lawyer) from (?:calling|texting|emailing|contacting)(?: me)?",
    r"what do (?:you|u|yall) (?:need|want)(?: from me)?",
    r"what happens if i (?:reply|text|send|say|click|hit|type) (?:stop|unsubscribe|alto|baja)"
    r"(?: (?:do|would|will) i lose my (?:case|consultation|consult|appointment|spot|file))?",
    r"(?:do|would|will) i lose my (?:case|consultation|consult|appointment|spot|file|lawyer|place)",
    r"(?:does|would|will|could) (?:it|that|this) (?:close|cancel|end|delete|affect) my (?:file"
    r"|spot|case|claim|appointment|consultation)(?: too| as well| also)?",
    r"de (?:que|cual) (?:oficina|empresa|firma|despacho|compania) (?:me )?(?:hablan|habla"
    r"|escriben|escribe|llaman|llama|es|son)",
    r"(?:what|wat|wut) (?:is|s) (?:this|dis) (?:about|abt|bout|for)",
    r"para que es (?:este|el|su) (?:mensaje|correo|texto)",
    r"quien (?:lo|la|me lo) (?:manda|envia|escribe|mando|envio)",
    r"(?:de parte de quien(?: (?:es|viene)(?: (?:este|el|ese) (?:mensaje|correo|texto))?)?"
    r"|quien (?:es|habla) (?:este|ese|de este|de ese) (?:numero|telefono|celular))",
    r"(?:(?:no se|no sé) )?quien (?:es|son) (?:usted|ustedes)(?: ni (?:de que se trata|que quieren"
    r"|para que (?:me )?(?:escriben|llaman|buscan))(?: (?:este|el|su) (?:correo|mensaje"
    r"|texto))?)?",
    r"(?:me )?(?:explica|explican|explicas)",
    # "Can you please explain?", "Can somebody tell me", "Whose lawyer office is this", "esto
    # es sobre qué?", "I don't understand what it's about"
    r"(?:please )?explain(?: please)?|(?:can|could) (?:you|u|somebody|someone|anyone) (?:please )?"
    r"(?:explain|tell me)(?: (?:what|who) (?:this|it) is(?: about)?)?(?: please)?",
    r"whose (?:lawyer |law |attorney )?(?:office|firm|number|company) is (?:this|it)",
    r"is this (?:a|the) collection (?:agency|company)",
    r"(?:are|r) (?:you|u) (?:a |an )?(?:lawyer|attorney|real lawyer|law firm)",
    r"con quien tengo el gusto",
    r"(?:ustedes son|son ustedes|esto es|es) (?:de )?(?:inmigracion|migracion|ice|el gobierno)",
    r"(?:de )?(?:del )?gobierno",
    r"que significa(?: (?:responda|responder|reply) stop| stop| esto| este mensaje)?",
    # 'What does "reply STOP to opt out" mean': the quoted instruction is taken out first
    r"what does\s+mean|what (?:is|s)|what does (?:that|this|it) mean",
    r"what do i (?:need|have) to do",
    r"esto es de (?:la|el|una|un) [a-z]+(?: de [a-z]+)?(?: o de (?:la|el|una|un) [a-z]+)?",
    r"(?:can|could) (?:you|u) (?:please )?tell me (?:how|where) (?:you|u|yall) got (?:my|this)"
    r" (?:number|info|email|email address|address)",
    r"what(?: is|s) [a-z]+ (?:injury|law|legal|lawyers|attorneys)",
    r"(?:how|where) (?:do|can) i (?:change|update|manage) my (?:email|text|notification|contact"
    r"|message)"
    r" (?:preferences|settings)",
    r"(?:de )?que (?:despacho|oficina|firma|empresa) es (?:este|el|ese) (?:correo|mensaje|texto)",
    # "is this the ssdi people or the car wreck people", "am I talking to a real person or a
    # robot" (asks_who reads each side of "or" as a clause)
    r"is this the [a-z]+(?: [a-z]+)? people",
    r"am i (?:talking|speaking|texting|chatting) (?:to|with) (?:a )?(?:real )?(?:person|human)",
    r"(?:me )?(?:puede|pueden|podria) decir con quien (?:estoy hablando|hablo)",
    r"(?:esto|eso) (?:es )?(?:sobre|de) (?:que|quien)",
    r"(?:i )?(?:do not|dont) (?:understand|know) what (?:it|this|this email|this text) is(?: about"
    r"| for| regarding)?",
    r"de donde (?:me )?(?:escriben|llaman|hablan|contactan|me escriben)",
    r"quien (?:es|son) (?!(?:mi|su|el|la|este|ese|esta|usted|ustedes)\b)[a-z]+(?: [a-z]+){0,2}",
    r"(?:y )?si (?:pongo|mando|escribo|respondo|contesto|envio|digo) (?:alto|stop|baja|cancelar)"
    r"(?: ,)? (?:se )?(?:cancela|cancelan|borra|borran|termina|pierdo|cierra|cierran) (?:mi|el|la"
    r"|mis) (?:caso|cita|consulta|reclamo|abogado|expediente)",
    r"why (?:are|r) (?:you|u|yall|you guys) (?:texting|messaging|emailing|calling|contacting"
    r"|writing)(?: (?:me|to me))?",
    r"(?:what|which) (?:inquiry|case|claim|accident|matter|request|form|firm|law firm|company"
    r"|office|lawyer|attorney|law office|one) (?:is (?:this|it)|are you|r u|s this)(?: (?:about"
    r"|regarding|for|referring to|talking about|in reference to))?",
    # "not sure which one you are", "Whitfield and who?", "what does reply STOP do"
    r"(?:(?:i am |im )?not sure|no idea|idk|i do not know) which (?:one|firm|lawyer|office"
    r"|company) (?:you are|this is|u are|you guys are|yall are)",
    r"what does (?:reply |replying |texting |text )?(?:stop|alto|unsubscribe) do",
    # "If I unsubscribe from these emails, does that close my file with you?"
    r"if i (?:unsubscribe|opt out|reply stop|text stop|click unsubscribe)(?: from (?:these|the"
    r"|your) (?:emails|texts|messages))?(?: ,)? (?:does|would|will) (?:that|this|it) (?:cancel"
    r"|end|stop|close|affect|delete) my (?:case|claim|file|consultation|appointment)(?: with"
    r" (?:you|yall|you guys|your (?:firm|office)))?",
    r"(?:if i (?:reply|text|send|say|click|hit|press|put) (?:stop|unsubscribe|alto|baja)(?: ,)? )?"
    r"(?:does|would|will) (?:that|this|it) (?:cancel|end|stop|close|affect) my (?:case"
    r"|claim|consultation|consult|appointment|cita|caso)(?: with (?:you|you guys|yall|your firm"
    r"|your office))?",
    r"que (?:compania|empresa|firma|despacho|oficina|negocio) es(?: esta| esto| este)?",
    r"(?:de )?que se trata (?:este|el|su) (?:correo|mensaje|texto|email)",
    r"(?:if i (?:reply|text|send|say|put|type) (?:stop|unsubscribe) )?will i still (?:get|receive)"
    r" (?:the |your )?(?:emails|texts|calls|messages|mail)(?: from (?:you|yall|you guys))?"
    r"(?: about my (?:case|claim|file))?",
    r"si (?:pongo|mando|escribo|respondo|contesto|envio|digo) (?:alto|stop|baja|cancelar)(?: ,)?"
    r" (?:todavia|aun|igual|siempre) (?:me )?(?:van a|vana|va a) (?:llamar|escribir|mandar"
    r" (?:correos|mensajes))",
    # Whether we are real: "Is this a scam?", "is this legit or a scam", "Is this a real law
    # firm?", "is this spam or are you a real law firm", "¿Esto es una estafa?", "¿Son abogados
    # de verdad?". The HELP answer (who we are, how to reach us, how to stop) is the answer.
    r"(?:is|was) (?:this|it|that|this (?:email|text|message|number|firm|office))"
    r" (?:(?:a|an|the) )?(?:real|legit|legitimate|for real|scam|spam|fake|fraud|phishing"
    r"|scammer|(?:a )?joke)(?: (?:law firm|firm|law office|office|lawyer|attorney|company"
    r"|business|email|text|message|thing))?(?: or (?:(?:are|r) (?:you|u|yall) )?(?:(?:a|an|the)"
    r" )?(?:real|legit|legitimate|scam|spam|fake|not|what|a real [a-z]+|(?:real )?(?:law )?"
    r"(?:firm|person|lawyer|lawyers|office))(?: [a-z]+)?)?",
    r"(?:are|r) (?:you|u|yall|you guys|you all) (?:(?:a|an) )?(?:legit|real|legitimate|for real"
    r"|scammers?|fake|a scam)(?: (?:law firm|firm|lawyers?|attorneys?|office|people))?",
    r"how (?:do|can|would) i know (?:this|you|u|yall|it)(?: (?:is|are|re|s))? (?:not )?(?:(?:a|an)"
    r" )?(?:real|legit|legitimate|a scam|scam|fake)(?: (?:law firm|firm|lawyers?|office))?",
    r"(?:(?:y )?(?:esto|este mensaje|este correo|esta) )?(?:es|sera) (?:(?:una|un) )?(?:estafa"
    r"|spam|fraude|broma|real|de verdad|verdadero|legitimo)(?: (?:esto|este mensaje))?(?: o (?:es"
    r" )?(?:(?:una|un) )?(?:estafa|spam|fraude|real|de verdad|verdad|que|(?:es )?de (?:verdad|un"
    r" abogado)))?(?: de (?:un|una) (?:abogado|oficina|despacho))?",
    r"(?:(?:a|an|una|un) )?(?:scam|spam|fake|fraud|estafa|fraude)",  # "is this legit or a scam"
    # Which office we are: "is this the law office or the bank?", "Is this the Medicaid office in
    # Tallahassee?", "are you people from the nursing home or something else", "Are you working
    # for the bank that holds my mortgage?", "is this about my Synchrony account?", "¿Es usted el
    # abogado que me recomendó mi vecina o es otra oficina?"
    r"(?:is|was) (?:this|it) (?:the|a|an|from the|from a) (?:[a-z]+ ){0,3}(?:office|agency"
    r"|administration|department|hospital|bank|company|firm|law firm|law office|people"
    r"|government|clinic|center|lawyer|attorney)(?: in [a-z]+(?: [a-z]+)?)?(?: or (?:the |a |an )?"
    r"(?:[a-z]+ ){0,3}[a-z]+)?",
    r"(?:are|r) (?:you|u|yall|you guys|you people|you all) (?:part of|from|with|working for"
    r"|working with) (?:the |a |an |my )?(?:[a-z]+ ){0,3}(?:office|agency|administration"
    r"|department|hospital|bank|company|firm|government|medicare|medicaid|social security"
    r"|nursing home|insurance|collectors?|people|lender)(?: (?:that|who) (?:[a-z]+ ){1,6}[a-z]+)?"
    r"(?: or (?:something else|not|what|(?:the |a )?(?:[a-z]+ ){0,3}[a-z]+))?",
    r"is (?:this|it) (?:about|regarding|for) (?:my|the) (?:[a-z]+ ){0,3}(?:account|loan|card"
    r"|bill|debt|mortgage|policy)",
    r"(?:es usted|son ustedes|ustedes son|esto es|es esto) (?:el|la|los|las|de la|del|una|un)"
    r" (?:[a-z]+ ){0,2}(?:abogad[oa]|oficina|despacho|gobierno|seguro|banco|hospital)(?: (?:que"
    r"|de) (?:[a-z]+ ){1,10}[a-z]+)?(?: o (?:es |son )?(?:otra|otro|otros|otras)(?: [a-z]+)?)?",
    r"(?:ustedes )?son (?:abogados|una oficina|un despacho) (?:de verdad|reales|de a de veras)"
    r"(?: o (?:es )?(?:(?:una|un) )?(?:estafa|spam|fraude))?",
)
_WHO_AND_WHY = re.compile("|".join(f"{_LEAD_IN}(?:{asked})" for asked in _WHO_AND_WHY_ASKED))


_FILLER = re.compile(
    r"(?:huh|hi|hello|hey|um|uh|umm|hmm|sorry|ok|okay|hola|perdon|disculpe|oye|yo|help|info"
    r"|ayuda)(?: (?:huh|hi|hello|hey|um|uh|umm|hmm|sorry|ok|okay|hola))*(?: (?:please|pls"
    r"|por favor))?"
    # Said on the way to the question: "I received your email but ...", "I've been getting a
    # lot of spam lately".
    r"|i (?:just )?(?:received|got) (?:your|this|an?) (?:email|text|message)(?: from (?:this"
    r" (?:address|number)|you|your (?:firm|office)))?(?: this morning| today| yesterday)?"
    r"|(?:recibi|me llego) (?:este|su|un|el) (?:correo|mensaje|texto|email)(?: de (?:ustedes|usted"
    r"|su (?:oficina|firma|despacho)))?"
    r"|an? (?:email|text|message|call) from (?:you|your (?:firm|office))"
    r"|thanks|thank you|gracias|no hablo (?:mucho |bien )?(?:ingles|english)|also|tambien"
    r"|hablo poco (?:ingles|english)|(?:mi )?ingles no es (?:muy )?bueno"
    r"|me da miedo (?:contestar|responder)"
    r"|i (?:do not|dont|can not|cannot) (?:see|find) (?:a|an|the|any) (?:link|unsubscribe link"
    r"|button)(?: (?:at the bottom|anywhere|in (?:the|your) email))?"
    r"|my \w+ (?:says|said) i should (?:answer|reply to|respond to) (?:this|it)"
    r"|quick question|(?:your|the) (?:texts?|messages?|emails?)(?: (?:say|says))?"
    r"|i (?:get|receive|got) (?:a lot of|so many|tons of|lots of) (?:these|those|texts|emails"
    r"|messages|calls)"
    r"|(?:the|your) (?:email|text|message) (?:does not|doesnt) say (?:what (?:it is|its|it s)"
    r" about|who (?:it is|its) from)"
    r"|i(?: would|d) like to know before i do anything|porque no quiero eso|no quiero eso"
    r"|i (?:have|ve got|got) (?:a couple of|a few|several|lots of|a lot of) things going on"
    r"(?: right now)?|(?:i )?want to make sure i (?:respond|reply) to the right person"
    r"|no tengo guardado (?:este|su|el) numero"
    # Why they ask whether we are real: "Not trying to get scammed", "My bank said to be careful
    # with texts", "no quiero problemas".
    r"|(?:i am |im |i m )?not trying to (?:get scammed|be scammed|get ripped off)"
    r"|my (?:bank|son|daughter|husband|wife|kids?|grandson|granddaughter) (?:said|says|told me"
    r"|warned me)(?: to be careful| not to (?:answer|reply to|click)| about)(?: [a-z]+){0,6}"
    r"|(?:i (?:can not|cannot|cant|could not|couldnt) find (?:you|your firm|your office|you guys)"
    r"(?: (?:online|anywhere|on google|on the (?:state )?bar website))?)"
    r"|(?:the|this|your) (?:email|text|message) (?:looks|seems|looked|sounds) like (?:spam|a scam"
    r"|junk|phishing)|there (?:is|s) no (?:street )?address|lol|jaja|haha"
    r"|perdone la molestia|disculpe la molestia|(?:i am|im|i m) (?:so |really )?confused"
    r"|no quiero problemas|i have never contacted a (?:law firm|lawyer|attorney)(?: in my life)?"
    r"|i (?:do not|dont) (?:believe|think) i (?:have |ve )?(?:contacted|reached out to|called"
    r"|written to|emailed) (?:your|this) (?:office|firm)"
    r"|if i (?:ever )?(?:do|did) that(?: by accident| accidentally)?"
    r"|i (?:do not|dont) want to lose my (?:spot|case|place|appointment|file|lawyer|attorney)"
    r"|i (?:still )?want my (?:case|consultation|appointment|spot)"
    r"|(?:your|this|the) number (?:is not|isnt|isn t) saved(?: in my (?:phone|contacts))?"
    r"|(?:your|the) (?:email|text|message) (?:does not|doesnt) have (?:a|any|your) (?:name"
    r"|signature)(?: on it)?"
    # "New phone, lost all my contacts", "no lo tengo guardado", "I've been in touch with a few"
    r"|(?:(?:i )?(?:got a )?new phone)|(?:i )?lost (?:all )?(?:my )?contacts"
    r"|new phone lost (?:all )?(?:my )?contacts|no lo tengo guardado"
    r"|no tengo (?:este|su) numero guardado"
    r"|i (?:have |ve )?been in touch with (?:a few|several|a couple|many|multiple|a bunch|\d+)"
    r"(?: (?:firms|lawyers|attorneys|offices|people))?"
    # "your message got cut off", "got a missed call from this number too"
    r"|(?:your|the|ur) (?:message|text|email|msg) (?:got|was|is) cut off(?: at the end)?"
    r"|(?:i )?(?:got|had|have|saw) a missed call from (?:this|your|the same) number(?: (?:too|also"
    r"|earlier|yesterday|today))*"
    r"|(?:wait )?(?:do not|dont) stop|(?:i )?just (?:want|wanted) to understand"
    r"|(?:i am |im )?not unsubscribing(?: yet)?"
    r"|(?:no quiero|no me quiero) (?:darme de baja|dar de baja|desuscribirme|bloquear(?:los|te)?)"
    r"|i (?:do not|dont) want to (?:unsubscribe|opt out|stop (?:anything|the texts|the messages"
    r"|them)|block (?:you|anyone))"
    r"|i (?:never|did not|have never) (?:reached out to|contacted|called|wrote to) (?:a|any|your"
    r"|this) (?:law firm|lawyer|attorney|firm|law office)"
    # "I'm not trying to unsubscribe, I just want to know who sent this"
    r"|(?:i (?:am|m) )?not (?:trying|going|wanting) to (?:unsubscribe|opt out|stop (?:anything|the"
    r" texts|the messages|them)|block (?:you|anyone))(?: or anything)?"
    r"|i (?:have been|am|keep) getting (?:a lot of|so much|tons of|lots of) (?:spam|scams?"
    r"|spam calls|spam texts)(?: lately| recently)?"
    # Why the person cannot place us: "I filled out a bunch of forms last week", "I talked to
    # like 3 yesterday", "my mom said someone from a law office texted", "I'm confused".
    r"|i (?:am|m) (?:confused|lost|not sure)|(?:i am |im )?so confused"
    # "which office is this, the downtown one?": which of two they know
    r"|(?:the|that) (?:[a-z]+ ){0,3}one(?: (?:on|in|at|from) [a-z]+(?: [a-z]+)?)?"
    # "My grandma got this text and handed me her phone", "there's no name in the signature",
    # "I'm not good with phones", "my husband says we never called a lawyer"
    r"|(?:my \w+|i|we) (?:just )?(?:got|received|get) (?:this|your|an?) (?:text|email|message"
    r"|call)(?: on (?:my|her|his) phone)?(?: and handed me (?:her|his|the) phone)?"
    r"|i (?:got|received) this (?:on my phone|in my email)"
    r"|(?:she|he|they)? ?(?:handed|gave|passed) me (?:her|his|their|the) (?:phone|cell)"
    # "I got three emails from you and a voicemail", "My daughter filled something out for me I
    # think", "Me llegaron dos correos pero no dicen el nombre del abogado"
    r"|i (?:got|received|have gotten) (?:\w+ )?(?:emails|texts|calls|messages|voicemails) from"
    r" (?:you|yall|your office)(?: and (?:a|two|\w+) (?:voicemail|voicemails|call|calls))?"
    r"|(?:my \w+|someone|somebody) (?:filled|fill) (?:something|it|a form|this) (?:out|in)(?: for"
    r" me)?(?: i think)?"
    r"|me (?:llegaron|llego) (?:dos|tres|\d+|unos|varios|un) (?:correos|mensajes|correo|mensaje)"
    r"|no (?:dicen|dice) (?:el|su) nombre(?: del abogado| de la firma)?"
    r"|an? (?:voicemail|missed call|robot|bot|machine|computer)"
    r"|(?:two|\d+) (?:voicemails|missed calls)"
    r"|the [a-z]+(?: [a-z]+)? people"
    r"|there (?:is|s) no name (?:in|on) (?:the|this|your) (?:signature|text|email|message)"
    r"|i (?:am|m) not (?:very |so |too )?(?:good|great) with (?:phones|computers|technology"
    r"|texting)"
    r"|(?:my \w+ says )?(?:i|we) (?:never|did not) (?:called|call|contacted|contact|hired|hire"
    r"|asked for) (?:a|any) (?:lawyer|attorney|law firm)"
    r"|(?:i )?(?:do not|dont) believe (?:i|we) (?:have |ve )?ever (?:worked|dealt|spoken) with"
    r" (?:your|this) (?:office|firm)"
    # "Before I reply STOP, who is this?", "which accident? I've had two this year lol"
    r"|before i (?:reply|text|send|say|type|respond|write|hit|press|click)(?: with)? (?:stop"
    r"|unsubscribe)"
    r"|before i (?:(?:decide|choose) (?:whether|if) (?:to |i should |i want to )?)?(?:unsubscribe"
    r"|opt out|block (?:you|this number)|reply stop)"
    r"|buenas noches|buenos dias|buenas tardes|buenas|good (?:morning|afternoon|evening)"
    r"|i (?:have |ve )?(?:had|been in) (?:two|2|three|3|a few|several|multiple|many|a couple)"
    r"(?: (?:accidents|crashes|claims|cases|of them))?(?: this year| recently| lately)?(?: lol)?"
    r"|i (?:filled out|filled in|fill out|fill in|submitted|signed up for|did)"
    r" (?:a bunch of|a lot of|some|a few"
    r"|many|several|lots of|like \d+|\d+) (?:forms|things|stuff|websites|sites|applications)"
    r"(?: online)?(?: (?:last week|recently|yesterday|lately|this week|last month))?(?: lol| haha)?"
    r"|i (?:have |ve )?(?:talked|spoke|contacted|called|reached out|filled out forms)"
    r" (?:to |with )?"
    r"(?:like |about )?(?:\d+|a few|several|a bunch of|many|a couple of|a couple"
    r"|multiple|a lot of|two|three|four)(?: (?:firms|lawyers|attorneys|law firms|offices|people))?"
    r"(?: (?:yesterday|today|this week|last week|already))?"
    r"|(?:my|a) (?:mom|mother|dad|father|wife|husband|son|daughter|friend|sister|brother) (?:said"
    r"|told me|says) (?:someone|somebody|a lawyer|a law firm)(?: from (?:a|your|the|some)"
    r" (?:law )?(?:office|firm|company))? (?:texted|called|emailed|wrote|reached out)(?: me)?"
)
