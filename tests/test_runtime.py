"""gan_course.runtime: the chapter's seed from the environment (``GAN_COURSE_SEED``), refused in words when it is not
one (the thread policy is tested where training uses it, tests/test_train.py)."""

import pytest

from gan_course import runtime


def test_chapter_seed_defaults_and_reads_the_environment(monkeypatch):
    monkeypatch.delenv(runtime.SEED_VARIABLE, raising=False)
    assert runtime.chapter_seed() == 0
    assert runtime.chapter_seed(default=3) == 3
    monkeypatch.setenv(runtime.SEED_VARIABLE, " 12 ")
    assert runtime.chapter_seed() == 12


@pytest.mark.parametrize("text", ["-1", "seven", "1.5", str(2**31)])
def test_chapter_seed_explains_a_bad_value(monkeypatch, text):
    monkeypatch.setenv(runtime.SEED_VARIABLE, text)
    with pytest.raises(ValueError, match="GAN_COURSE_SEED=.* is not a seed: use a whole number"):
        runtime.chapter_seed()


@pytest.mark.parametrize("default", [-1, 2**31, 1.0, "0", None, True])
def test_chapter_seed_refuses_a_default_that_is_not_a_seed(monkeypatch, default):
    monkeypatch.delenv(runtime.SEED_VARIABLE, raising=False)
    with pytest.raises(ValueError, match=r"default \(the chapter's seed\) must be a whole number from 0 to 2,147"):
        runtime.chapter_seed(default)
