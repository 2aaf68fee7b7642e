"""The assistant's one entry point: a user message in, a composed reply out. Every channel and
the Rasa action call this, so they all say the same thing."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from bot.compose import compose_answer, compose_no_answer, compose_out_of_scope
from bot.followup import search_query, topic_after
from bot.input_check import MAX_QUESTION_CHARS, clean_text, input_problem, strip_markup
from bot.reply import Reply
from bot.retrieve import Retriever
from bot.scope import scope_of
from bot.settings import Settings, load_settings
from bot.smalltalk import smalltalk_kind, smalltalk_reply


@dataclass(frozen=True)
class Turn:
    """What the assistant knows about one user message."""

    text: str
    intent: str | None = None  # the NLU classifier's guess: a hint, never the only safety signal
    confidence: float = 0.0
    topic: str | None = None  # the conversation's topic so far


class Assistant:
    def __init__(self, retriever: Retriever, settings: Settings) -> None:
        self.retriever = retriever
        self.settings = settings

    @classmethod
    def load(cls, settings: Settings | None = None) -> Assistant:
        """Load the index and the encoder once; raises IndexUnavailable if the index is stale."""
        from bot.embedding import Encoder
        from bot.index import load_index

        settings = settings or load_settings()
        index = load_index(settings)
        return cls(Retriever(index, Encoder(), settings), settings)

    def respond(self, turn: Turn) -> Reply:
        text = clean_text(turn.text)
        problem = input_problem(strip_markup(text))
        if problem:
            return compose_no_answer(turn.topic, problem)
        kind = smalltalk_kind(text, turn.intent, turn.confidence)
        if kind:
            return smalltalk_reply(kind, turn.topic)
        return self.answer_from_article(strip_markup(text)[:MAX_QUESTION_CHARS], turn.topic)

    def answer_from_article(self, question: str, topic: str | None) -> Reply:
        query = search_query(question, topic)
        hits = self.retriever.search(query)
        scope = scope_of(query, hits, self.retriever.shares_words_with_corpus(query), self.settings)
        if scope == "out_of_scope":
            return compose_out_of_scope(topic)
        if scope == "no_answer":
            return compose_no_answer(topic)
        return compose_answer(hits, topic_after(question, hits[0].passage.section, topic))


@lru_cache(maxsize=1)
def shared_assistant() -> Assistant:
    """The process's one assistant: the model and index are loaded once, whoever asks first."""
    return Assistant.load()
