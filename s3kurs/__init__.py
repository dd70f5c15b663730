"""s3kurs: the smart specialisation course's question bank, grading and quizzes.

In a notebook::

    from s3kurs import quiz
    quiz("modul-1")

shows ipywidgets in a live kernel (JupyterLab) and a static, accessible quiz on the built
site: the display object carries both renderings (see `display`).
"""
from __future__ import annotations

from .bank import BankError
from .display import FinalTest, Quiz, final_test, quiz

__all__ = ["Quiz", "FinalTest", "quiz", "final_test", "BankError"]
