"""Context decides whether alarming words are danger now: the same words are history, a story,
someone's work, a question in general, a joke, a pet, or a denial. The rule layer of the crisis
screen (bot/safety/crisis.py) reads each sentence with these markers; a marked sentence counts
only when it also says the danger is happening now.

Light (only `re`); every pattern is linear (no nested quantifiers over the same text).
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Callable
from enum import Enum


class Frame(str, Enum):
    RESOLVED = "resolved"  # "used to", "years ago", "I'm safe now"
    MEDIA = "media"  # a film, a book, the news
    WORK = "work"  # a nurse, a helpline volunteer talking about their work
    GENERAL = "general"  # "what are the signs of …", "what should I do if …"
    JOKE = "joke"
    PET = "pet"
    HYPERBOLE = "hyperbole"  # "my boss will kill me if I'm late" (never said of a partner)
    NEGATED = "negated"  # "I didn't hit my head", "no chest pain"
    MILD = "mild"  # "my usual migraine, it's settling", "the GP checked it"
    DENIAL = "denial"  # "I don't have any thoughts of ending my life"
    ACCIDENT = "accident"  # "cut myself shaving", "burned myself by accident"


_FRAMES: dict[Frame, re.Pattern[str]] = {
    Frame.RESOLVED: re.compile(
        r"\b(?:used to|years? ago|months ago|long time ago|in the past|false alarm|as a (?:teen|teenager|kid|child)|"
        r"when i was (?:a |an |in |at )?(?:teen\w*|kid|child|young\w*|little|school|uni\w*|\d+)|"
        r"in my (?:teens|twenties|20s|thirties|30s|youth)|back (?:then|in \d+)|history of|"
        r"(?:am|i'm|im|i am|we're|we are|'s|is|are|was|he's|she's|they're) (?:safe|fine|ok|okay|well|alright|better|"
        r"recovered|doing (?:well|better|fine|ok|okay)) now|"
        r"no longer|recovered|fully healed|since (?:then|recovered)|(?:left|got out of|escaped) "
        r"(?:an? |my |that )?(?:abusive |violent |toxic )?(?:relationship|marriage|partner|husband|wife|ex|home)|"
        r"(?:last|previous) (?:year|month|decade)|(?:clean|free) (?:for|since) \w+|"
        r"(?:\d+|one|two|three|four|five|six|seven|eight|nine|ten|twenty|a few|few|several) (?:years?|months?) "
        r"(?:free|clean|ago|out|on|back|before|later)|fine since|discharged|long ago|(?:all )?normal since|"
        r"(?:\d+|a few|few|several) (?:yrs?|years?) (?:free|clean|ago)|free of it|"
        r"\bex[- ](?:self[- ]?harmer|cutter|user|addict|patient)|as a (?:student|teen|teenager|kid|child)|"
        r"at (?:school|uni|university|college)|years later|"
        r"in my early \w+|former|survived|survivor|went through|struggled with|behind me|in (?:19|20)\d\d|"
        r"before i was born|when (?:she|he|they) was (?:\d+|a \w+)|in year \d+|old (?:[\w-]+ )?scars?|"
        r"(?:out|free|away) (?:for|since) (?:\d+|a|one|two|three|several) \w+|"
        r"(?:ended|over|finished) (?:a while|years|long|some time) (?:back|ago)|i was (?:suicidal|self-harming)|"
        r"(?:had|went through) a (?:suicidal|dark) (?:period|patch|phase|time))\b"
    ),
    Frame.MEDIA: re.compile(
        r"\b(?:film|movie|(?:a|the|this|that|his|her) books?|novel|documentary|tv series|series|episode|show|"
        r"podcast|article|news|character|song|lyrics|stuck in my head|earworm|a play|the play|book club|true crime|netflix|youtube|reading about|"
        r"watched|watching|read about|storyline|scene|tiktok|instagram|reddit|twitter|season|game of \w+|"
        r"the algorithm)\b"
    ),
    Frame.WORK: re.compile(
        r"\b(?:i'?m an? |i am an? |as an? |i work as an? |work(?:ing)? as an? )(?:\w+ )?(?:nurse|paramedic|doctor|gp|"
        r"volunteer|counsell?or|therapist|psychologist|social worker|police officer|officer|teacher|"
        r"researcher|first aider|carer|midwife|emt|student nurse|medic|helpline \w+|a&e \w+)\b"
        r"|\b(?:my|our) (?:patients|clients|callers|shift)\b|\b(?:first aid|safeguarding|training) course\b"
        r"|\bi volunteer\b|\bvolunteer(?:ing)? (?:on|at|for|with)\b"
        r"|^\s*(?:\w+ )?(?:nurse|paramedic|medic|doctor|gp|officer|volunteer|student|trainee|carer|therapist|"
        r"counsell?or|midwife|psychologist|practitioner) here\b"
        r"|\b(?:psychologist|psychiatrist|youth worker|prison officer|coroner'?s? officer|trainee|dissertation|"
        r"thesis|my research|first aid (?:course|training|trainer|class|instructor)|teach(?:ing)? first aid|"
        r"i work in|i work at|i work for|i work with|training|"
        r"as (?:the|your) (?:\w+ )?(?:manager|receptionist|administrator|admin|director|owner|coordinator|secretary|"
        r"assistant)|(?:leaving|left) (?:the|my|this) (?:company|job|role|position|practice|team)|"
        r"attended (?:a|an) (?:\w+ ){1,3}(?:call|job|incident|shout))\b"
        r"|^\s*(?:a |an )?(?:\w+ )?(?:nurse|paramedic|police officer|officer|doctor|gp|social worker|carer|midwife|"
        r"firefighter|teacher|counsell?or|therapist)\b"
    ),
    Frame.GENERAL: re.compile(
        r"\b(?:what (?:should|do|would|can) (?:i|you|we|someone|people) do (?:if|when)|what if|"
        r"(?:what are |know )?the (?:signs|symptoms|warning signs) of|signs of (?:a |an )?\w+|"
        r"how (?:do|can|would) (?:you|i|we|people) (?:tell|know|recognise|recognize|spot)|"
        r"in case (?:of|someone)|research on|statistics|(?:intake|medical|health|consent|registration|new client) form|questionnaire|"
        r"screening questions|(?:is|are) (?:cst|ser|it|craniosacral therapy|sessions?) (?:helpful|good|safe) for|"
        r"(?:does|can|could) (?:cst|ser|it|craniosacral therapy|somato-emotional release) help (?:with|people)|"
        r"if (?:someone|a client|a person|somebody)|warning signs|generally speaking|in general|"
        r"what(?:'s| is) (?:the|a) \w+ test|what does \W?\w+\W? (?:even )?mean|is it confidential|first aid (?:for|when|if)|if i (?:ever )?(?:had|have|got|get) (?:a|an)\b|"
        r"how (?:do|should|would) (?:you|i|we|people) (?:help|treat|handle|deal with|do|give|check|perform)|"
        # First-aid knowledge and what the clinic would do: "how long should a seizure last before you
        # call an ambulance?", "should you put someone on their side?", "if my son had a fit during CST…"
        r"how long (?:does|should|can|do) (?:a|an) \w+ (?:\w+ )?last|before (?:you|i|we|people) (?:call|ring|dial)|"
        r"should (?:you|i|we|people) (?:put|give|call|ring|move|lie|lay|roll)|what(?:'s| is) (?:a|an) \w+ \w+\?|"
        r"(?:would|do|does|will) (?:you|your (?:staff|therapists?|practitioners?)|the (?:therapist|practitioner)) "
        r"(?:stop|have|call|keep|be trained)|know what to do if|imagine|"
        r"if (?:my|your|our|a) (?:\w+ )?(?:child|son|daughter|kid|baby|partner|husband|wife|mum|mom|dad|client) "
        r"(?:ever |were to )?(?:had|has|got|gets|felt|feels|started|starts)|"
        r"if i (?:ever )?(?:felt|feel|started|start|noticed|notice))\b"
    ),
    Frame.JOKE: re.compile(
        r"\b(?:lol|lmao|haha\w*|jk|just kidding|(?<!not )kidding|(?<!not )joking)\b|😂|🤣|🙈|😅"
    ),
    Frame.MILD: re.compile(
        r"\b(?:my usual|as usual|usual (?:migraine|headache)s?|it'?s settling|settled down|easing off|"
        r"(?:it'?s|it has|it'?s all) gone now|back (?:at school|at work|to normal)|nothing unusual|"
        r"(?:gp|doctor|consultant|cardiologist|a&e|hospital|vet) (?:says|said|checked|has checked|ruled out|confirmed)|"
        r"(?:slight|mild) (?:temp|temperature|fever|headache|cold|ache)|(?:swelling|swollen|sore|tight|bruised|red) "
        r"(?:a bit|a little|slightly)|(?:totally |completely |entirely )?(?:expected|as expected)|"
        # Medicine taken as directed: "the whole packet of antibiotics like the doctor said".
        r"as (?:prescribed|directed)|like the (?:doctor|gp|pharmacist) (?:said|told me))\b"
    ),
    Frame.ACCIDENT: re.compile(r"\b(?:by accident|accidentally|shaving|just a nick)\b"),
    Frame.DENIAL: re.compile(
        r"\b(?:i have no|i've no|i have not|no|not(?! just| only| even)|never(?! told| thought)|"
        r"don'?t have|do not have|haven'?t (?:got|had)?)\b(?! one\b| body\b)(?: \w+){0,3} "
        r"(?:thoughts?|intentions?|plans?|urges?) (?:of|to|about)\b"
        r"|\b(?:never(?! told| thought)|wouldn'?t|would never|will never|won'?t ever)\b(?: \w+){0,3} "
        r"(?:do that|hurt myself|harm myself|kill myself|overdose|taken an overdose|take an overdose)\b"
        r"|\bnever (?:have|had) (?:and )?(?:never )?(?:would|will)\b|\bnot (?:in any )?danger\b|\bnot suicidal\b"
        r"|\b(?:never|not(?! just| only| even)|didn'?t|don'?t|haven'?t)\b(?: \w+){0,2} "
        r"(?:self[- ]?harm\w*|cut my ?self|overdosed)\b"
        r"|\b(?:don'?t|do not|dont) want to (?:die|be dead|hurt my ?self|harm my ?self|kill my ?self)\b"
    ),
    Frame.HYPERBOLE: re.compile(
        r"\b(?:boss|manager|teacher|coach|sister|brother|kids|flatmate|roommate|landlord|friends?|team|client|"
        r"editor|mum|mom|mam|dad|mother|father|parents|nan|nana|gran|granny|grandma|grandad|grandpa)(?:'s)?\b.{0,40}\b(?:kill|murder) (?:me|us)\b.{0,40}\b(?:if|for|when)\b(?! i tell| i told| i say)"
        r"|\b(?:head|brain) (?:is |was )?(?:exploding|going to explode|about to explode)\b"
        r"|\bkilled it\b|\bnearly (?:had|died)\b|\b(?:dying|die) (?:to|of|for)\b"
        r"|\b(?:she|he|they|you|mum|mom|dad)(?:'ll| will| would|'d|'s going to|'s gonna) (?:kill|murder) me (?:for|if|when)\b"
        r"|\bchoking on (?:all )?(?:these |the |my |this )?(?:deadlines?|emails?|paperwork|work|admin|tasks?|reports?)\b"
        r"|\b(?:going to|gonna|will) die if i (?:don'?t|do not|can'?t|cannot)\b"
        r"|\bwant to die,? i (?:just|literally) (?:sent|walked|said|called|realised|realized|noticed|tripped|"
        r"spilled|forgot|replied|emailed|waved|laughed|snorted)\b"
        r"|\b(?:laughing|laughed|laugh) (?:so|too) (?:hard|much)\b|\bfrom laughing\b|\bthis meme\b|\bso full\b"
        r"|\b(?:heart attack|stroke) when i (?:saw|heard|got|opened|read)\b"
        r"|\bburning out\b|\b(?:almost|nearly|slowly) (?:lost|losing) the will to live\b"
        r"|\b(?:lost|losing) the will to live (?:with|over|doing|because of) (?:these|this|the|my|all) \w+"
        r"|\bkilling myself (?:at the gym|at work|with work|laughing|over (?:this|these|the))\b"
        r"|\boverdos\w* on (?:prosecco|wine|beer|chocolate|coffee|caffeine|sugar|cake|netflix|tv|\w+ episodes|box ?sets?)\b"
        r"|\b(?:kill|murder|strangle) (?:him|her|them|my \w+),? (?:he|she|they) (?:ate|took|borrowed|used|broke|"
        r"forgot|finished|keeps?|always|never|spoiled|spoilt|ruined|drank|told|has eaten|'s eaten)\b"
        # Games: "he's going to kill my mum at scrabble tonight", "destroy him at FIFA".
        r"|\b(?:kill|murder|destroy|annihilate|thrash)\b.{0,30}\bat (?:scrabble|chess|fifa|monopoly|cards|poker|"
        r"darts|tennis|squash|golf|pool|snooker|the quiz|mario ?kart|uno|bingo)\b"
    ),
    Frame.PET: re.compile(
        r"\b(?:my|our|the|his|her) (?:dog|cat|puppy|kitten|pet|rabbit|bunny|horse|pony|hamster|parrot|budgie|"
        r"guinea pig|tortoise|ferret|goldfish|fish)\b"
    ),
}
# Coercive control (SafeLives DASH): beside it, "he'll kill me if I call anyone" is a threat, not a figure of speech.
_COERCION = re.compile(
    r"\b(?:trapped|locked (?:me|us|the doors?|the back door|the front door)|(?:taken|took|has) (?:my|the) (?:\w+ )?"
    r"(?:keys|phone)|won'?t let me (?:leave|out|go)|hiding from (?:him|her|my)|not allowed (?:out|to leave)"
    # and violence already done (DASH: strangulation, assaults before): a threat to kill is meant
    r"|strangl\w*|throttl\w*|chok(?:ed|es|ing) me|hands? (?:round|around) my (?:neck|throat)|"
    r"(?:he|she)'?s done it before|(?:hit|hits|beat|beats|punched|kicked) me)\b"
)
# Laughter as the cause, in the same sentence: the one frame that even acute words yield to.
_LAUGHTER = re.compile(
    r"\b(?:laughing|laughed) (?:so|too) (?:hard|much)\b|\bfrom laughing\b|\b(?:this|that|the) meme\b|\bhilarious\b"
    r"|\bso full\b|😂|🤣"
)
# Farewells said for a move, a new job or a visa that ends (988/Samaritans farewells need no reason).
_FAREWELL = re.compile(
    r"goodbye|won'?t be (?:here|around)|giving away|last message|leaving|won'?t need (?:it|them|you|any more)"
)
_ORDINARY_REASON = re.compile(
    r"\b(?:moving (?:to (?!a better|the other side)|house|away|abroad|back|up|down|out)|relocat\w+|emigrat\w+|new job|new city|visa|"
    r"leaving the country|retir\w+|maternity leave|go(?:ing)? travell?ing|gap year|new number|"
    r"last day (?:at|of) (?:my |the )?(?:job|work|school|uni|college|office)|"
    # or the trouble is gone: "cancel my sessions, I won't need them, my back's sorted"
    r"my (?:\w+ )?\w+(?: is|'s) (?:sorted|fixed|healed|all better|much better)|(?:feeling|feel) (?:so much |a lot )?better now)\b"
)
# Negation directly before the alarming phrase ("didn't hurt my head", "no chest pain").
_NEGATION_BEFORE = re.compile(
    r"(?:\b(?:not(?! just| only| even)|no|never|didn'?t|did not|don'?t|do not|doesn'?t|does not|wasn'?t|isn'?t|"
    r"haven'?t|hasn'?t)\b)(?:\s+[^\s,;:.!?]+){0,2}\s*$"
)
# Words that put the danger in the present, whatever else the sentence says.
_NOW = re.compile(
    r"\bnow (?:i|i'm|im|he|she|they|my|his|her|it|it's|there|there's|we)\b|\band now\b|"
    r"\b(?:doing it|happening|bleeding|shaking|fitting|choking) now\b|"
    r"\b(?:right now|tonight|today|this (?:morning|afternoon|evening)|at the moment|currently|"
    r"(?:started|doing it|at it|cutting|harming) again|just (?:took|taken|swallowed|did it|did that|done it|cut|started)|"
    r"keep \w+ing|can'?t stop|about to)\b"
)
# Clauses: a frame speaks for its own clause (and, for someone else's story, for its sentence).
_CLAUSE_END = re.compile(r"[.!?;:,\n]+|\s(?:and|but|when|because|while|although|though|so|then)\s")
_SENTENCE_END = re.compile(r"[.!?;\n]+")
# My own sign, said now: only my own clause's frame can explain it.
_FIRST_PERSON_SIGN = re.compile(
    r"\b(?:i have|i've got|ive got|i got|i'm getting|i just|suddenly|i'm having|im having|i am having|i feel|i took|i've taken|ive taken|i can'?t|"
    r"i want|i wanna|i'm going to|im going to|i will|i'll|i'm gonna|im gonna|i need to die|my (?:chest|head|face|arm|"
    r"leg|throat|lips|tongue|speech|vision|heart))\b"
)
# Signs so acute that no frame explains them away, only a plain denial does.
_ACUTE = re.compile(
    r"not breathing|stopped breathing|can'?t breathe|cannot breathe|turn(?:ing|ed) blue|unresponsive|unconscious|"
    r"won'?t wake|bleeding (?:heavily|badly|a lot|everywhere)|won'?t stop|took|taken|swallowed|downed"
)


def _spans(text: str, ends: re.Pattern[str]) -> list[tuple[int, int]]:
    spans, start = [], 0
    for match in ends.finditer(text):
        spans.append((start, match.start()))
        start = match.end()
    return [*spans, (start, len(text))]


class Context:
    """The frames of one message, clause by clause, each computed once: reading every rule match
    in context stays linear in the message's length."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.clauses = _spans(text, _CLAUSE_END)
        self.sentences = _spans(text, _SENTENCE_END)
        self._clause_starts = [a for a, _ in self.clauses]
        self._sentence_starts = [a for a, _ in self.sentences]
        # What each clause or sentence says, read once per span however many matches it holds:
        # read per match, a long clause full of matches cost its length times its matches.
        self._reads: dict[tuple[Callable[[str], object], tuple[int, int]], object] = {}

    def _read(self, what: Callable[[str], object], span: tuple[int, int]) -> object:
        key = (what, span)
        if key not in self._reads:
            self._reads[key] = what(self.text[span[0] : span[1]])
        return self._reads[key]

    def _around(self, starts: list[int], spans: list[tuple[int, int]], position: int) -> tuple[int, int]:
        return spans[max(0, bisect_right(starts, position) - 1)]

    def framed_away(self, start: int, end: int) -> bool:
        clause = self._around(self._clause_starts, self.clauses, start)
        before = self.text[max(clause[0], start - 40) : start]
        if _NEGATION_BEFORE.search(before) or self._read(_denies, clause):
            return True  # "I didn't hit my head": a plain denial, whatever its tense
        sentence = self._around(self._sentence_starts, self.sentences, start)
        if self._read(_is_about_a_pet, clause):
            return True  # "our rabbit stopped breathing": an animal's emergency, not a person's
        if _LAUGHTER.search(self.text[sentence[0] : sentence[1]]):
            return True  # "I can't breathe I'm laughing so hard": acute words, said of laughter
        coerced = _COERCION.search(self.text)
        if Frame.HYPERBOLE in self._read(frames, (clause[0], sentence[1])) and not coerced:
            return True  # an idiom even in acute words: "I'm choking on this deadline", "I want to die, I just…"
        if _FAREWELL.search(self.text[start:end]) and _ORDINARY_REASON.search(self.text):
            return True  # "saying my goodbyes to everyone before my new job starts"
        if _ACUTE.search(self.text[start:end]):
            return False
        if self._read(_timeless_frames, clause) and not coerced:
            return True  # "going to kill my mum at scrabble tonight": said of now, and still no danger
        if Frame.WORK in self._read(frames, clause) and not self._read(_is_first_person_sign, clause):
            return True  # "on my first-aid course today we practised asking…": others' danger, at work, today too
        if self._read(says_now, sentence):
            return False  # "…and I started again tonight": the present, whatever the frame
        last = self._around(self._clause_starts, self.clauses, max(start, end - 1))
        if last != clause:
            return False  # a sign that runs on into the next clause is read as said
        if self._read(_frames_unless_now, clause):
            return True
        if self._read(_is_first_person_sign, clause):
            return False  # my own present sign: only my own clause's frame explains it
        # Someone else's story: the sentence's frame (a film, my work, years ago) speaks for it; a
        # pet speaks only for its own clause ("I wrote letters to my kids and gave the dog away").
        return bool(self._read(_frames_unless_now, sentence) - {Frame.PET})


def frames(text: str) -> set[Frame]:
    found = {frame for frame, pattern in _FRAMES.items() if pattern.search(text)}
    if Frame.HYPERBOLE in found and _COERCION.search(text):
        found.discard(Frame.HYPERBOLE)  # "he's locked the doors… he'll kill me if I call anyone"
    return found


# A question about coming off a medicine (a medical boundary question, bot/safety/medical.py), not
# a wish to be gone: "can I stop taking my sertraline? I'd really like to get off it".
_COMING_OFF = re.compile(
    r"\b(?:stop|stopping|come off|coming off|get off|getting off|quit|quitting|reduce|reducing|taper\w*|wean\w*)"
    r"(?: taking)? (?:my |the |all my |all of my )?(?:\w+(?:ine|pram|pam|xetine|olol|pril|statin)|meds|medication|"
    r"medicines?|antidepressants?|tablets)\b"
)


def asks_about_coming_off_a_medicine(text: str) -> bool:
    return bool(_COMING_OFF.search(text))


def says_farewell(text: str) -> bool:
    return bool(_FAREWELL.search(text))


def says_farewell_for_a_reason(text: str) -> bool:
    """A farewell with an ordinary reason: a move, a new job, travel, a trouble that is gone."""
    return says_farewell(text) and bool(_ORDINARY_REASON.search(text))


def _timeless_frames(text: str) -> set[Frame]:
    """Frames that hold whatever the tense: hyperbole and small accidents happen now too."""
    return frames(text) & {Frame.HYPERBOLE, Frame.ACCIDENT}


def _frames_unless_now(text: str) -> set[Frame]:
    return set() if says_now(text) else frames(text)


def _denies(text: str) -> bool:
    return bool(_FRAMES[Frame.DENIAL].search(text))


def _is_about_a_pet(text: str) -> bool:
    return bool(_FRAMES[Frame.PET].search(text))


def _is_first_person_sign(text: str) -> bool:
    return bool(_FIRST_PERSON_SIGN.search(text))


_SETTLED_NOW = re.compile(
    r"\bcurrently (?:stable|well|fine|safe|ok|okay|doing well|in recovery)\b|\b(?:safe|fine|ok|okay|well|alright|better|recovered|sorted|happy|great|thriving|steady|an adult|\d+|"
    r"fit|calm|stable|place|over it|past it|married|remarried) now\b"
)


# Words in quotation marks are someone else's (a lyric, a line, a form's question): their "tonight"
# puts nothing in the visitor's present. No apostrophe inside, so "i'm … it's" is not a quotation.
_QUOTED = re.compile(r"(?:^|(?<=\s))(?:'[^'\n]{3,120}'|\"[^\"\n]{3,120}\"|“[^”\n]{3,120}”)")


def says_now(sentence: str) -> bool:
    """Does the sentence put something in the present? ("fine now" says the opposite.)"""
    return bool(_NOW.search(_SETTLED_NOW.sub(" ", _QUOTED.sub(" ", sentence))))


def is_framed(text: str) -> bool:
    """Does context frame the whole message away from the present (history, a story, work, a
    general question, a joke, hyperbole)? The learned layer then needs to be far surer."""
    return bool(frames(text)) and not says_now(text)


def is_framed_away(text: str, start: int, end: int) -> bool:
    """Is the alarming phrase at text[start:end] history, a story, work, a general question, a
    joke, a pet or denied, without anything that puts it in the present? (One-off; the screen
    keeps a Context per message.)"""
    return Context(text).framed_away(start, end)
