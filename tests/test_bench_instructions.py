"""bench/instructions.py: how callgrind's counts are split by where they were spent."""
from __future__ import annotations

from bench.instructions import split

# The head of what callgrind_annotate printed for 40 generated documents (paths shortened).
ANNOTATED = """\
--------------------------------------------------------------------------------
Ir
--------------------------------------------------------------------------------
4,230,936,837 (100.0%)  PROGRAM TOTALS

--------------------------------------------------------------------------------
Ir                      file:function
--------------------------------------------------------------------------------
1,215,839,357 (28.74%)  /tmp/python-build/Python-3.11.7/./Modules/_sre/sre_lib.h:sre_ucs2_match [/usr/lib/libpython3.11.so]
  285,162,316 ( 6.74%)  /tmp/python-build/Python-3.11.7/./Modules/_sre/sre_lib.h:sre_ucs1_charset.constprop.0 [/usr/lib/libpython3.11.so]
  243,104,269 ( 5.75%)  /tmp/python-build/Python-3.11.7/Python/ceval.c:PyObject_Vectorcall [/usr/lib/libpython3.11.so]
  106,415,237 ( 2.52%)  /tmp/python-build/Python-3.11.7/Objects/obmalloc.c:_PyObject_Free [/usr/lib/libpython3.11.so]
   44,235,339 ( 1.05%)  ./malloc/./malloc/malloc.c:_int_free [/usr/lib/x86_64-linux-gnu/libc.so.6]
"""


def test_counts_are_split_into_regex_interpreter_and_the_rest() -> None:
    assert split(ANNOTATED) == {"regex": 1_215_839_357 + 285_162_316,
                                "interpreter": 243_104_269 + 106_415_237,
                                "other": 44_235_339}


def test_the_total_line_is_no_function() -> None:
    assert split("4,230,936,837 (100.0%)  PROGRAM TOTALS\n") == {"regex": 0, "interpreter": 0, "other": 0}
