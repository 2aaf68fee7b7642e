"""Context decides whether alarming words are danger now: the same words are history, a story,
someone's work, a question in general, a joke, a pet, or a denial. The rule layer of the crisis
screen (bot/safety/crisis.py) reads each sentence with these markers; a marked sentence counts
only when it also says the danger is happening now.

Light (only `re`); every pattern is linear (no nested quantifiers over the same text).
"""

from __future__ import annotations

import re
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


_FRAMES: dict[Frame, re.Pattern[str]] = {
    Frame.RESOLVED: re.compile(
        r"\b(?:used to|years? ago|months ago|long time ago|in the past|as a (?:teen|teenager|kid|child)|"
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
        r"podcast|article|news|character|song|lyrics|a play|the play|book club|true crime|netflix|youtube|reading about|"
        r"watched|watching|read about|storyline|scene|tiktok|instagram|reddit|twitter|season|game of \w+|"
        r"the algorithm)\b"
    ),
    Frame.WORK: re.compile(
        r"\b(?:i'?m an? |i am an? |as an? |i work as an? |work(?:ing)? as an? )(?:\w+ )?(?:nurse|paramedic|doctor|gp|"
        r"volunteer|counsell?or|therapist|psychologist|social worker|police officer|officer|teacher|"
        r"researcher|first aider|carer|midwife|emt|student nurse|medic|helpline \w+|a&e \w+)\b"
        r"|\b(?:my|our) (?:patients|clients|callers|shift)\b|\b(?:first aid|safeguarding|training) course\b"
        r"|\bi volunteer\b|\bvolunteer(?:ing)? (?:on|at|for|with)\b|^\s*(?:\w+ ){0,2}\w+ here\b"
        r"|\b(?:psychologist|psychiatrist|youth worker|prison officer|coroner'?s? officer|trainee|dissertation|"
        r"thesis|my research|first aid|i work in|i work at|cpr|training|attended (?:a|an) \w+ (?:call|job|incident))\b"
        r"|^\s*(?:a |an )?(?:\w+ )?(?:nurse|paramedic|police officer|officer|doctor|gp|social worker|carer|midwife|"
        r"firefighter|teacher|counsell?or|therapist)\b"
    ),
    Frame.GENERAL: re.compile(
        r"\b(?:what (?:should|do|would|can) (?:i|you|we|someone|people) do (?:if|when)|what if|"
        r"(?:what are |know )?the (?:signs|symptoms|warning signs) of|signs of (?:a |an )?\w+|"
        r"how (?:do|can|would) (?:you|i|we|people) (?:tell|know|recognise|recognize|spot)|"
        r"in case (?:of|someone)|is it (?:normal|common)|research on|statistics|intake form|questionnaire|"
        r"screening questions|(?:is|are) (?:cst|ser|it|craniosacral therapy|sessions?) (?:helpful|good|safe) for|"
        r"(?:does|can|could) (?:cst|ser|it|craniosacral therapy|somato-emotional release) help (?:with|people)|"
        r"if (?:someone|a client|a person|somebody)|warning signs|generally speaking|in general|"
        r"what(?:'s| is) (?:the|a) \w+ test|is it confidential)\b"
    ),
    Frame.JOKE: re.compile(r"\b(?:lol|lmao|haha\w*|jk|just kidding|kidding|joking)\b|😂|🤣|🙈|😅"),
    Frame.MILD: re.compile(
        r"\b(?:my usual|as usual|usual (?:migraine|headache)s?|it'?s settling|settled down|easing off|"
        r"(?:it'?s|it has|it'?s all) gone now|back (?:at school|at work|to normal)|nothing unusual|"
        r"(?:gp|doctor|consultant|cardiologist|a&e|hospital|vet) (?:says|said|checked|has checked|ruled out|confirmed)|"
        r"(?:slight|mild) (?:temp|temperature|fever|headache|cold|ache))\b"
    ),
    Frame.DENIAL: re.compile(
        r"\b(?:no|not(?! just| only| even)|never|don'?t have|do not have|haven'?t (?:got|had)?)\b(?: \w+){0,3} "
        r"(?:thoughts?|intentions?|plans?|urges?) (?:of|to|about)\b"
        r"|\b(?:never|wouldn'?t|would never|will never|won'?t ever)\b(?: \w+){0,3} "
        r"(?:do that|hurt myself|harm myself|kill myself|overdose|taken an overdose|take an overdose)\b"
        r"|\bnever (?:have|had) (?:and )?(?:never )?(?:would|will)\b|\bnot (?:in any )?danger\b|\bnot suicidal\b"
        r"|\b(?:never|not(?! just| only| even)|didn'?t|don'?t|haven'?t)\b(?: \w+){0,2} "
        r"(?:self[- ]?harm\w*|cut my ?self|overdosed)\b"
        r"|\b(?:don'?t|do not|dont) want to (?:die|be dead|hurt my ?self|harm my ?self|kill my ?self)\b"
    ),
    Frame.HYPERBOLE: re.compile(
        r"\b(?:boss|manager|teacher|coach|mum|mom|mother|dad|father|sister|brother|kids|children|"
        r"flatmate|roommate|landlord|friends?|team|client|editor|gran|grandma|nan)\b.{0,40}"
        r"\b(?:kill|murder|strangle)\b.{0,40}\b(?:if|for|when)\b"
        r"|\b(?:head|brain) (?:is |was )?(?:exploding|going to explode|about to explode)\b"
        r"|\b(?:killing|killed) (?:me|it)\b|\bnearly (?:had|died|fainted)\b|\b(?:dying|die) (?:to|of|for)\b"
        r"|\bchoking on (?:all )?(?:these|the|my|this) \w+|\bburning out\b"
        r"|\boverdos\w* on (?:prosecco|wine|beer|chocolate|coffee|caffeine|sugar|cake|netflix|tv|\w+ episodes)\b"
        r"|\b(?:kill|murder|strangle) (?:him|her|them|my \w+),? (?:he|she|they) (?:ate|took|borrowed|used|broke|"
        r"forgot|finished|keeps?|always|never)\b"
    ),
    Frame.PET: re.compile(r"\bmy (?:dog|cat|puppy|kitten|pet|rabbit|bunny|horse|hamster|parrot|guinea pig)\b"),
}
# Negation directly before the alarming phrase ("didn't hurt my head", "no chest pain").
_NEGATION_BEFORE = re.compile(
    r"(?:\b(?:not(?! just| only| even)|no|never|didn'?t|did not|don'?t|do not|doesn'?t|does not|wasn'?t|isn'?t|"
    r"haven'?t|hasn'?t|without|nor|neither)\b)(?:\s+\S+){0,2}\s*$"
)
# Words that put the danger in the present, whatever else the sentence says.
_NOW = re.compile(
    r"\bnow (?:i|i'm|im|he|she|they|my|his|her|it|it's|there|there's|we)\b|\band now\b|"
    r"\b(?:doing it|happening|bleeding|shaking|fitting|choking) now\b|"
    r"\b(?:right now|tonight|today|this (?:morning|afternoon|evening)|at the moment|currently|"
    r"(?:started|doing it|at it|cutting|harming) again|just (?:took|taken|swallowed|did|cut|started)|"
    r"keep \w+ing|can'?t stop|about to)\b"
)
_SENTENCES = re.compile(r"[^.!?;\n]+[.!?;\n]*")


def sentences_across(text: str, start: int, end: int) -> list[tuple[str, int | None]]:
    """The sentences that text[start:end] runs across, each with the match's offset in it (for
    the sentence it starts in; None for the others)."""
    found = [
        (sentence.group(0), start - sentence.start() if sentence.start() <= start else None)
        for sentence in _SENTENCES.finditer(text)
        if sentence.start() < max(end, start + 1) and start < sentence.end()
    ]
    return found or [(text, start)]


def frames(sentence: str, match_offset: int | None = None) -> set[Frame]:
    found = {frame for frame, pattern in _FRAMES.items() if pattern.search(sentence)}
    if match_offset is not None and _NEGATION_BEFORE.search(sentence[max(0, match_offset - 40) : match_offset]):
        found.add(Frame.NEGATED)
    return found


_SETTLED_NOW = re.compile(
    r"\b(?:safe|fine|ok|okay|well|alright|better|recovered|sorted|happy|great|thriving|steady|an adult|\d+|"
    r"fit|calm|stable|place|over it|past it|married|remarried) now\b"
)


def says_now(sentence: str) -> bool:
    """Does the sentence put something in the present? ("fine now" says the opposite.)"""
    return bool(_NOW.search(_SETTLED_NOW.sub(" ", sentence)))


def is_framed(text: str) -> bool:
    """Does context frame the whole message away from the present (history, a story, work, a
    general question, a joke, hyperbole)? The learned layer then needs to be far surer."""
    return bool(frames(text)) and not says_now(text)


def is_framed_away(text: str, start: int, end: int) -> bool:
    """Is the alarming phrase at text[start:end] history, a story, work, a general question, a
    joke, a pet or negated, without anything that puts it in the present?"""
    framed = []
    for sentence, offset in sentences_across(text, start, end):
        found = frames(sentence, offset)
        if Frame.NEGATED in found:
            return True  # "I didn't hit my head": a denial, whatever its tense
        framed.append(bool(found) and not says_now(sentence))
    return all(framed)  # a sign that runs on into a plain sentence is plain
