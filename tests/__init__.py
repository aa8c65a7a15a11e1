"""The course's tests. Each module of ``gan_course`` has its tests in the test module named after it, in the folder
that mirrors its subpackage: ``gan_course/train.py`` in ``tests/test_train.py``, ``gan_course/synthetic/gaussian.py``
in ``tests/synthetic/test_gaussian.py``. Beside them, the tests of the package as a whole (``test_fuzz``,
``test_layout``, ``test_audit``, ...). The folders are packages so that equal names in two folders import
(``tests.test_layout`` and ``tests.exercises.test_layout``); helpers several test modules share are in
``tests/helpers.py``.
"""
