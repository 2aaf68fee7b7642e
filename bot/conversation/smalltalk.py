"""Greetings, thanks, goodbyes and "are you a bot?": short replies that need no retrieval."""

from __future__ import annotations

import re

from bot.conversation.compose import examples_list
from bot.reply import Reply, ReplyType

SMALLTALK_INTENTS = ("greet", "goodbye", "thanks", "bot_challenge")
# The NLU classifier's intent is trusted only for very short messages and high confidence:
# "hi, what is SER?" is a question, "tell me a joke" is not a greeting.
MAX_SMALLTALK_WORDS = 3
MIN_CONFIDENCE = 0.85

_PATTERNS = {
    "bot_challenge": re.compile(
        r"\b(are|r) (you|u) (a |an )?(bot|robot|human|real|person|machine|ai|computer)\b"
        r"|\bam i (talking|speaking|chatting) (to|with) (a |an )?(bot|human|real person|machine|ai)\b"
        r"|\bis this (a |an )?(bot|human|real person|automated)\b",
        re.I,
    ),
    # "[\s!.,]*(there)?[\s!.]*$" read the same: two runs of the same characters side by side,
    # which tried every split of a long run of spaces (quadratic). The second run follows "there".
    "greet": re.compile(
        r"^(hi|hello|hey|hiya|howdy|good (morning|afternoon|evening)|greetings)\b[\s!.,]*(?:(there)[\s!.]*)?$",
        re.I,
    ),
    "thanks": re.compile(r"^(thanks|thank you|thx|ty|cheers|great,? thanks|many thanks)\b.{0,20}$", re.I),
    "goodbye": re.compile(r"^(bye|goodbye|see you|see ya|later|good night|that'?s all)\b.{0,15}$", re.I),
}

WELCOME = (
    "Hello! I'm the clinic's automated assistant. I answer general questions about "
    "Craniosacral Therapy (CST) and Somato-Emotional Release (SER) from the clinic's article. "
    "I give general information, not medical advice.\n\nYou could ask:\n"
)
_REPLIES = {
    "greet": lambda: WELCOME + examples_list(),
    "goodbye": lambda: "Goodbye, and take care!",
    "thanks": lambda: "You're welcome. Is there anything else you'd like to know about CST or SER?",
    "bot_challenge": lambda: (
        "I'm an automated assistant, not a person. I share general information from the "
        "clinic's article, not medical advice. To speak with someone, please contact the clinic."
    ),
}


def smalltalk_kind(text: str, intent: str | None = None, confidence: float = 0.0) -> str | None:
    if text.startswith("/") and text[1:].strip() in SMALLTALK_INTENTS:
        return text[1:].strip()  # a Rasa intent trigger, e.g. a widget's "/greet"
    if _PATTERNS["bot_challenge"].search(text):
        return "bot_challenge"
    for kind in ("greet", "thanks", "goodbye"):
        if _PATTERNS[kind].match(text):
            return kind
    short = len(text.split()) <= MAX_SMALLTALK_WORDS and "?" not in text
    if intent in SMALLTALK_INTENTS and confidence >= MIN_CONFIDENCE and short:
        return intent
    return None


def smalltalk_reply(kind: str) -> Reply:
    return Reply(type=ReplyType.SMALLTALK, body=_REPLIES[kind]())
