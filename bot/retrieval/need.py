"""What a question needs to count as answered: the kind of fact it asks for. Nearness is not
enough ("How many sessions will I need?" is near the session passages, which give no number), so
each kind says which passages suit it and, for kinds the article may simply lack, what a passage
must contain to answer it and how to name what is missing."""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import Enum

from bot.knowledge.passage import Passage


class Need(str, Enum):
    GENERAL = "general"
    SESSION = "session"  # what happens in a session
    EMOTIONS = "emotions"  # what happens when emotions come up in a session
    WHY_EMOTIONS = "why_emotions"  # why touch brings emotions up: SER's account of stored emotion
    FEEL = "feel"  # how it feels: does it hurt, how firm is the touch
    HOW_IT_WORKS = "how_it_works"
    SUITABILITY = "suitability"  # who it is for
    BENEFITS = "benefits"  # what it is good for
    LASTING = "lasting"  # how long its effects last
    AGE = "age"  # from what age
    COUNT = "count"  # how many sessions
    FREQUENCY = "frequency"  # how often
    WHEN = "when"  # when it was developed
    FOUNDER_LIFE = "founder_life"  # the founder's life beyond founding: alive, born, where
    ORIGIN = "origin"  # who developed it, and who they were
    TRAINING = "training"  # how practitioners are trained, certified or regulated
    CHOOSING = "choosing"  # how to tell a good practitioner
    MAKING = "making"  # where something in the body is made or comes from
    OTHER_LAYERS = "other_layers"  # the membranes besides the one the article names
    AFTER_EFFECTS = "after_effects"  # how people feel in the days after: worse, sore
    AFTERCARE = "aftercare"  # what to do after a session
    RESULTS = "results"  # how soon a difference shows
    NAME = "name"  # why it is called what it is called
    SELF_PRACTICE = "self_practice"  # doing it on yourself
    COMPARISON = "comparison"  # against another method
    QUANTITY = "quantity"  # a figure: how many cycles a minute, how much fluid
    SUMMARY = "summary"  # the idea in a nutshell
    DEFINITION = "definition"  # what it is


@dataclass(frozen=True)
class Kind:
    asks: re.Pattern[str]  # the question asks for this kind of fact
    suits: re.Pattern[str] | None = None  # a passage's heading path that suits the kind
    suits_text: re.Pattern[str] | None = None  # or its text
    fact: re.Pattern[str] | None = None  # a passage must contain this to answer at all
    missing: str = ""  # what the article lacks, when no passage has the fact
    # Added to the search: the words in which an article answers this kind of question, where
    # the visitor's words point elsewhere ("does it hurt?" is near the chronic-pain benefits).
    hint: str = ""
    # Added to a suiting passage's score (bot.retrieval.answerability); larger for a kind only one
    # section answers, whose question names other topics ("if emotions come up during CST…").
    bonus: float = 0.12


def _re(*alternatives: str) -> re.Pattern[str]:
    return re.compile("|".join(alternatives), re.I)


_SESSIONS = r"(?:sessions?|treatments?|appointments?|visits?)"
_A = r"(?:a |the |my |each |your )?"
# In the order they are tried: the first kind whose question pattern matches decides.
KINDS: dict[Need, Kind] = {
    Need.COUNT: Kind(
        _re(
            rf"\bhow many (?:\w+ ){{0,2}}{_SESSIONS}",
            rf"\bnumber of {_SESSIONS}",
            rf"\b{_SESSIONS} (?:will|would|do) i need\b",
            r"\bhow many (?:will|would|do|should|might) (?:i|we|you|people|most people) (?:need|have|book)\b",
        ),
        fact=_re(rf"\b(?:\d+|one|two|three|four|five|six|several|a few|a series of) (?:\w+ )?{_SESSIONS}"),
        missing="how many sessions people usually need",
    ),
    Need.FREQUENCY: Kind(
        _re(r"\bhow (?:often|frequently|regularly)\b", r"\bhow many times a (?:week|month|year)\b"),
        fact=_re(
            r"\b(?:weekly|fortnightly|monthly|once a|twice a|times a)\b",
            r"\bevery (?:\w+ )?(?:days?|weeks?|months?)\b",
        ),
        missing="how often people have sessions",
    ),
    Need.WHEN: Kind(
        _re(
            r"\bwhen (?:was|were|did) .{0,60}\b"
            r"(?:develop|invent|creat|found|discover|start|begin|began|pioneer)\w*",
            r"\bwhat year\b",
            r"\bhow old is (?:cst|ser|craniosacral|this|the therapy)",
        ),
        # A year and a word of founding in one line: looked for from each line's start, not from
        # every position of it (which read the rest of the line again from each: quadratic).
        fact=_re(r"(?m)^(?=.*\b(?:1[89]\d\d|20\d\d)s?\b)(?=.*\b(?:develop|invent|creat|found|discover|pioneer)\w*)"),
        missing="when it was developed (it gives no dates)",
    ),
    Need.FOUNDER_LIFE: Kind(
        _re(
            # Not "he": "my dad, he died last year" is no question about the founder.
            r"\b(?:upledger|the (?:founder|inventor))\b.{0,20}\b(?:still alive|alive|dead|died|die|"
            r"passed away|born|still practi[sc]ing|still working)\b",
            r"\bwhere did (?:dr\.? )?(?:upledger|he|the founder) (?:live|work|practi[sc]e|study|train)\b",
            r"\bwhere (?:was|did) (?:dr\.? )?(?:upledger|the founder) "
            r"(?:work|working|based|living|practi[sc]ing|studying)\b",
        ),
        fact=_re(r"\bUpledger\b.{0,80}\b(?:born|died|alive|lived|practi[sc]ed in|passed away)\b"),
        missing="anything about Dr. Upledger's life beyond his developing CST and SER",
    ),
    # The profession in general; the clinic's own practitioners are its profile's
    # (bot.conversation.clinic).
    Need.TRAINING: Kind(
        _re(
            r"\b(?:train(?:ing|ed)?|certif\w*|qualif\w*|licen[cs]\w*|accredit\w*|credentials)\b",
            # the profession regulated, not the nervous system
            r"\bregulat(?:ion|ory|or|ors)\b|\bregulated by\b",
            r"\b(?:is|are) (?:it|cst|ser|this|they|\w+ therap\w+|practitioners|therapists) "
            r"(?:\w+ )?regulated\b",
            r"\bbecome an? (?:\w+ )?(?:therapist|practitioner)\b",
            r"\b(?:have|has|need|needs) to be (?:an? )?(?:\w+ )?"
            r"(?:osteopaths?|doctors?|psychologists?|physio\w*|nurses?|therapists?|professionals?)\b",
            r"\bwho (?:is allowed|can|may) (?:to )?(?:practi[sc]e|do) (?:it|cst|ser|this)\b",
        ),
        fact=_re(
            r"\b(?:certif\w*|qualif\w*|licen[cs]\w*|accredit\w*|diploma|courses?|hours of training|"
            r"regulat(?:ed|ion|ory))\b"
        ),
        missing="how practitioners are trained, certified or regulated",
    ),
    Need.CHOOSING: Kind(
        _re(
            r"\bhow (?:do|can|would|should|will) (?:i|you|we|one) "
            r"(?:know|tell|find|choose|pick|spot|recogni[sz]e)\b.{0,40}"
            r"\b(?:good|right|qualified|reputable|decent|best|trustworthy|legit)\b",
            r"\b(?:find|choose|pick|look for) (?:a |an )?"
            r"(?:good|qualified|reputable|decent|the right|trustworthy) (?:\w+ )?"
            r"(?:therapist|practitioner)s?\b",
            r"\bwhat (?:should|do|would) (?:i|you) look for in an? (?:\w+ )?(?:therapist|practitioner)\b",
        ),
        fact=_re(r"\b(?:choos\w+|look for|reputable|referral|recommend\w*)\b"),
        missing="how to choose a practitioner",
    ),
    Need.MAKING: Kind(
        _re(r"\bwhere(?:['’]s)? (?:\w+ ){0,8}(?:made|produced|formed|secreted)\b"),
        fact=_re(r"\b(?:produced|made|formed|secreted) (?:in|by|within)\b"),
        missing="where in the body it is made",
    ),
    # The article names one membrane (the dura mater): the others are a fact it never gives.
    Need.OTHER_LAYERS: Kind(
        _re(
            r"\b(?:other|inner|innermost|middle|deeper|remaining) (?:\w+ )?(?:layers?|membranes?|meninges)\b",
            r"\b(?:layers?|membranes?) (?:under|beneath|below|inside|besides|apart from|other than)\b",
            r"\bmeninges\b",
        ),
        fact=_re(r"\b(?:arachnoid|pia mater|meninges)\b"),
        missing="the other membranes (it names only the dura mater)",
    ),
    Need.ORIGIN: Kind(
        _re(
            r"\bwho (?:\w+ ){0,2}(?:develop|invent|creat|found|discover|pioneer|start)\w*",
            r"\bwho (?:\w+ ){0,2}(?:came|come|thought) up\b",
            r"\b(?:inventor|founder|creator|originator|developer)s?\b",
            r"\bwho (?:is|was) (?:dr\.? )?(?:john )?upledger\b",
            r"\b(?:was|is) (?:he|she|(?:dr\.? )?upledger|the (?:guy|man|person|doctor)\b.{0,40}?) (?:an? )?"
            r"(?:actual |real |proper |qualified |medical |licensed )?(?:doctor|physician|osteopath|md)\b",
        ),
        suits_text=_re(r"\bpioneered by\b|\bdeveloped by\b"),
        hint="pioneered by Dr. John E. Upledger, an osteopathic physician",
    ),
    Need.LASTING: Kind(
        _re(
            r"\bhow long (?:do|does|will|would) (?:the |its |their )?"
            r"(?:effects?|results?|benefits?|relief|it)\b.{0,30}\blast"
        ),
        fact=_re(r"\b(?:\d+|one|two|three|several|a few) (?:hours?|days?|weeks?|months?|years?)\b"),
        missing="how long the effects last",
    ),
    Need.AGE: Kind(
        _re(r"\b(?:from |at )?what age\b|\bage (?:limit|range|restrictions?)\b|\btoo (?:old|young)\b"
            r"|\bhow (?:old|young) (?:do|does|can|should|must|would)\b|\bminimum age\b"
            r"|\b(?:older|elderly|old|aged) (?:people|persons|adults|patients|folks?|clients)\b|\bseniors?\b"
            r"|\bthe elderly\b"),
        fact=_re(
            r"\b\d+ (?:years?|months?|weeks?) old\b|\bages? (?:of )?\d+",
            r"\bfrom birth\b|\bany age\b|\ball ages\b",
        ),
        missing="from what age people can have it",
    ),
    Need.AFTER_EFFECTS: Kind(
        _re(
            r"\b(?:feel|feeling|be|get|am|i'?m)\s+(?:\w+\s+)?(?:worse|sore|achy|rough|ill|sick|drained|"
            r"wiped out|exhausted|wobbly|headachy)\b.{0,40}"
            r"\b(?:after|afterwards|next day|day after|following|for a few days)\b",
            rf"\b(?:after|following) {_A}{_SESSIONS}\b.{{0,30}}"
            r"\b(?:feel|felt) (?:\w+ )?(?:worse|sore|achy|rough|ill)\b",
        ),
        fact=_re(r"\b(?:feel|felt) (?:\w+ )?(?:worse|sore|achy)\b"),
        missing="how people feel in the days after a session (whether some feel worse or sore)",
    ),
    Need.AFTERCARE: Kind(
        _re(
            rf"\bafter {_A}{_SESSIONS}\b.{{0,40}}\b(?:do|avoid|drink|rest|care|should)\b",
            r"\b(?:do|avoid|drink|eat|drive|driving|exercise|work|rest|care of myself|should i|ok to|okay to|"
            rf"fine to)\b.{{0,40}}\b(?:before|after) {_A}(?:\w+ )?{_SESSIONS}",
            r"\b(?:should|do|can) i (?:eat|drink|prepare|bring)\b.{0,30}\bbefore\b",
            r"\baftercare\b",
            r"\bafterwards?\b.{0,30}\b(?:do|avoid|should)\b",
            # "is it ok to drive home afterwards?", "can i go straight back to work after?"
            r"\b(?:ok|okay|fine|safe|alright|possible|able) to "
            r"(?:drive|work|exercise|go|drink|eat|fly|swim)\b.{0,40}\bafter(?:wards?)?\b",
            r"\b(?:can|could|should) i (?:drive|go|get|head|work|exercise|swim|fly)\b.{0,40}"
            r"\bafter(?:wards?)?\W*$",
            r"\b(?:exercises?|stretches|homework)\b.{0,30}\bbetween (?:the |my )?sessions\b",
        ),
        fact=_re(rf"\bafter {_A}{_SESSIONS}\b", r"\baftercare\b", r"\bafterwards?\b"),
        missing="what to do or avoid before or after a session",
    ),
    Need.SELF_PRACTICE: Kind(
        _re(
            # not "try it for myself" (for my own good)
            r"\b(?:on|to) (?:myself|yourself|ourselves|my own)\b",
            r"\b(?:do|doing|practi[sc]e) (?:it |this |cst )?for myself\b",
            r"\bat home\b",
            r"\bself[- ](?:treat|help|care|administ)\w*",
            r"\bdiy\b",
            r"\blearn (?:to do )?(?:it|cst|ser|craniosacral)",
        ),
        fact=_re(r"\b(?:yourself|themselves|at home|self-(?:treatment|care|help)|on your own)\b"),
        missing="whether people can do it on themselves",
    ),
    Need.COMPARISON: Kind(
        _re(
            r"\bdifferen\w* (?:between|from)\b",
            r"\bdiffer(?:s)? from\b",
            r"\bcompare\w*\b|\bcomparison\b|\bversus\b|\bvs\.?\b",
            r"\bsame (?:thing )?as\b|\bbetter than\b|\blike (?:a )?massage\b|\bthe difference\b",
            r"\bwhich (?:one |of them |of the two )?(?:is|would be|works?) "
            r"(?:better|best|more effective|stronger)\b",
        ),
    ),
    # Why it has its name: "from the bones of the skull (cranium) down to the sacrum".
    Need.NAME: Kind(
        _re(
            r"\bwhy (?:is (?:it|this|cst|ser)|it'?s|are they) (?:\w+ )?called\b",
            r"\bwhere (?:does|did) (?:the|its|their) name\b|\bwhat does (?:the|its) name\b",
            r"\b(?:meaning|origin) of (?:the|its) name\b|\bname (?:come from|mean)\b",
        ),
        suits_text=_re(r"\(cranium\)"),
        hint="from the bones of the skull (cranium) down to the sacrum",
        bonus=0.2,
    ),
    # When a difference shows: "some notice immediate improvements, others … over subsequent sessions".
    Need.RESULTS: Kind(
        _re(
            r"\b(?:feel|be|get|notice|see)\b.{0,25}"
            r"\b(?:better|difference|results?|changes?|improvements?|relief)\b.{0,30}"
            r"\b(?:straight away|right away|immediately|at once|first (?:time|session|go|visit|one)|"
            r"after (?:one|a single|the first|1) (?:go|session|treatment|visit|time)|"
            r"take (?:a while|time|long|a few))\b",
            r"\bhow (?:soon|quickly|fast|long)\b.{0,40}"
            r"\b(?:notice|see|feel|results?|difference|improvements?|work)\b",
            r"\b(?:immediate|instant) (?:results?|relief|improvements?|effects?)\b",
        ),
        suits_text=_re(r"\bimmediate improvements\b|\bsubsequent sessions\b"),
        hint="some notice immediate improvements, others subtle changes over subsequent sessions",
        bonus=0.2,
    ),
    Need.FEEL: Kind(
        _re(
            r"\b(?:does|do|will|would|can|could|is|are|did) "
            r"(?:it|this|that|they|cst|ser|craniosacral(?: therapy)?|a session|sessions|"
            r"the (?:treatment|therapy|session|touch|techniques?))(?: \w+)? "
            r"(?:hurt|painful|uncomfortable|sore|gentle|rough)\b",
            r"\bhow (?:firm|firmly|hard|strong|deep|gentle|light|soft|much pressure)\b",
            r"\bpressure (?:do|does|will)\b|\bwill i feel\b|^\W*(?:painful|hurts?)\W*$",
            # what a session feels like, not "I still feel like my body hasn't recovered"
            r"\b(?:does|do|will|would|did|is|what)\b(?: \w+){0,4} feel like\b",
        ),
        suits_text=_re(r"\blight touch\b|\bgentle\b|\bweight of\b|\bfeel\b"),
        hint="how the touch feels: gentle, light touch",
    ),
    Need.WHY_EMOTIONS: Kind(
        _re(
            r"\bwhy (?:would|do|does|did|can|could|might|is)\b.{0,60}"
            r"\b(?:emotional|cry|cried|crying|tears|emotions?)\b",
            r"\b(?:touch\w*|bodywork|hands?|pressing)\b.{0,40}\b(?:make|makes|made|bring|brings|brought|trigger\w*)\b"
            r".{0,15}\b(?:emotional|cry|tears|emotions?)\b",
            r"\bhow (?:can|could|do|does|would) (?:the )?body (?:store|hold|keep|remember)\b",
        ),
        suits=_re(
            r"What is Somato-Emotional Release",
            r"How Somato-Emotional Release Works",
            r"Body-Mind Connection",
        ),
        hint="the body stores emotional memories and trauma in its tissues, released with its restrictions",
        bonus=0.2,
    ),
    Need.EMOTIONS: Kind(
        _re(
            r"\b(?:emotion\w*|feelings?|tears|upset|memories)\b.{0,40}\b(?:come up|comes up|coming up|"
            r"came up|surface\w*|arise\w*|bubbl\w+ up|overwhelm\w*)\b",
            r"\bif (?:i|you|someone|a client) (?:start(?:s)? (?:to )?)?"
            r"(?:cry|crying|cries|break(?:s)? down|get(?:s)? (?:emotional|upset|overwhelmed))\b",
            r"\b(?:handle|deal with|manage) (?:an? |the |my )?(?:emotional release|emotions|crying|tears)\b",
        ),
        suits=_re(r"\bEmotional Exploration\b"),
        hint="if emotional energy surfaces, the therapist guides a safe and supportive process",
        bonus=0.2,
    ),
    Need.SESSION: Kind(
        _re(
            r"\b(?:what|how) .{0,30}\b(?:happens?|goes on|is involved|to expect|begin|begins|start|starts)\b"
            rf".{{0,40}}\b{_SESSIONS}",
            rf"\b{_SESSIONS}\b.{{0,30}}\b(?:like|involve|begin|start|consist)\b",
            r"\bwhat to expect\b|\bwhat do (?:you|they|therapists) do\b",
            r"\bwhat (?:will|does|do|would) (?:the |a |my )?(?:therapist|practitioner)s? do\b",
            r"\b(?:will|do|would) i (?:be|have to|need to) (?:lie|lying|lay|laying|sit|sitting|undress|take)",
            r"\bwhat (?:does|do|will|would) "
            r"(?:it|this|that|they|cst|ser|a session|the (?:therapy|treatment|session)) "
            r"(?:actually |really |exactly )?involve\b",
        ),
        suits=_re(r"\bsession\b|\bexpect\b"),
        hint="what to expect during a session",
    ),
    Need.HOW_IT_WORKS: Kind(
        _re(
            r"\bhow (?:does|do|would|will|can|could|is) .{0,50}\b"
            r"(?:work|works|be effective|effective|help)\b",
            r"\bhow (?:cst|ser|it|this|cranio\w*|somato\w*|the (?:therapy|treatment))(?: \w+){0,2} works\b",
            r"\bmechanism\b",
        ),
        suits=_re(r"\bhow\b.{0,40}\bworks?\b"),
        hint="how it works",
    ),
    Need.SUITABILITY: Kind(
        _re(
            r"\bwho (?:is|can|should|could|might|would) .{0,40}\b(?:for|benefit|have|try|consider|get)\b",
            r"\bwho is it for\b|\bis (?:it|this|cst|ser) (?:for|right for) (?:me|people)\b",
        ),
        suits=_re(r"\bwho\b"),
        hint="who can benefit",
    ),
    Need.BENEFITS: Kind(
        _re(
            r"\bwhat are (?:the |its |their )?(?:benefits|advantages)\b",
            r"\bwhat (?:is|are) (?:it|cst|ser|they) good for\b",
        ),
        suits=_re(r"\bbenefits of\b"),
        hint="benefits",
    ),
    Need.QUANTITY: Kind(
        _re(
            # not "no matter how much I sleep"
            r"(?<!matter )\bhow (?:many|much) "
            r"(?!(?:will|would|does|can|could|do|did|is|are|was|were|it|this|that)\b)\w+",
            r"\b(?:per|a|each) (?:minute|second)\b|\bhow (?:heavy|fast|big|large|thick)\b",
            r"\bin (?:grams|grammes|kilos|kg|ounces|oz|pounds|newtons|numbers|figures|percent)\b",
            r"\bhow long (?:does|is|do) (?:the|a|one|each) (?:\w+ ){0,3}(?:rhythm|cycle|pulse|wave|beat)\b",
        ),
        fact=_re(
            r"\b\d+(?:[.,]\d+)?\s*"
            r"(?:%|percent|per cent|times|cycles?|minutes?|seconds?|hours?|grams?|g|ml|mm|kg)\b",
        ),
        missing="how much or how many (it gives no figures or measurements)",
    ),
    Need.SUMMARY: Kind(
        _re(
            r"\bin (?:a nutshell|short|brief|a sentence|two lines|a few words)\b",
            r"\b(?:overall|big|whole|main|basic|general) (?:idea|point|philosophy|concept|gist)\b",
            r"\bsum (?:it |them |this |that )?up\b|\bsummar(?:y|ise|ize)\b|\bthe gist\b",
        ),
        suits=_re(r"^Conclusion$|^Understanding\b(?!.*›)"),
        suits_text=_re(r"\bholistic\b"),  # the sentence that says it all leads
        hint="a holistic approach to healing, mind and body",
    ),
    # Last: any other kind a "what is…" question names decides first ("what is it good for?").
    Need.DEFINITION: Kind(
        _re(
            r"\bwhat(?:'s| is| are)? (?:actually |exactly |really |even |basically )?(?:is |are )?"
            r"(?:this |the )?['\"‘“]?(?:cst|ser|cranio\w*|cranial sacral|somato\w*)"
            r"(?:[ -](?:sacral|emotional|therapy|release|system|cst|ser))*['\"’”]?"
            r"(?: (?:actually|exactly|really|anyway|all about|about))?"
            r"(?:\s*(?:[?.!,]|$)|\s+(?:that|which|people|everyone|you|they|i|my)\b)",
            # asked within a request: "could you explain in plain terms what it actually is?"
            r"\b(?:explain|tell me|describe|say)\b.{0,40}\bwhat (?:it|this|this therapy|the therapy|cst|ser) "
            r"(?:actually |really |exactly |basically )?is\b",
        ),
        suits=_re(r"\bWhat is\b"),
    ),
}


def need_of(question: str) -> Need:
    return next((need for need, kind in KINDS.items() if kind.asks.search(question)), Need.GENERAL)


def with_hint(query: str, need: Need) -> str:
    """The search text for a question of this kind (bot.retrieval.followup adds a topic the same way)."""
    kind = KINDS.get(need)
    return f"{query} ({kind.hint})" if kind and kind.hint else query


def suits(need: Need, passage: Passage) -> bool:
    """Does a passage suit the kind of fact asked for (by its heading path, or by its text)?"""
    kind = KINDS.get(need)
    if kind is None:
        return False
    by_heading = kind.suits is not None and kind.suits.search(passage.section)
    return bool(by_heading or (kind.suits_text is not None and kind.suits_text.search(passage.text)))


def lacks(need: Need, passages: list[Passage]) -> str | None:
    """What the article lacks for this kind of question (None when a passage has the fact, or when
    the kind needs no particular fact)."""
    kind = KINDS.get(need)
    if kind is None or kind.fact is None:
        return None
    return None if any(kind.fact.search(p.text) for p in passages) else kind.missing
