"""The standard Jupyter kernel conformance suite (jupyter_kernel_test) against the depthlab kernel.

Run through `npm test`, which puts the project-local kernelspec on JUPYTER_PATH.
"""
import unittest

import jupyter_kernel_test


class DepthlabKernelTests(jupyter_kernel_test.KernelTests):
    kernel_name = "depthlab"
    language_name = "typescript"
    file_extension = ".ts"

    code_hello_world = 'console.log("hello, world")'
    code_stderr = 'console.error("something went wrong")'

    completion_samples = [
        {"text": "const alpha = 1, alphabet = 2;\nalph", "matches": {"alpha", "alphabet"}},
        {"text": "Math.sqr", "matches": {"sqrt", "SQRT2", "SQRT1_2"}},
    ]

    complete_code_samples = ["1 + 1", "const x = 2;", "function f() {\n  return 1;\n}"]
    incomplete_code_samples = ["function f() {", "const a = [1,", "if (true) {\n  console.log(1);"]

    code_generate_error = 'throw new Error("boom")'

    code_execute_result = [
        {"code": "6 * 7", "result": "42"},
        {"code": '"a" + "b"', "result": "'ab'"},
        {"code": "[1, 2].map((x) => x * 2)", "result": "[ 2, 4 ]"},
        {"code": "tf.tensor([1, 2])", "mime": "text/html"},
        {"code": "aq.table({ a: [1, 2] })", "mime": "text/html"},
    ]
    code_history_pattern = "6 *"
    supported_history_operations = ("tail", "range", "search")

    code_display_data = [
        {"code": 'display({ "text/html": "<b>hi</b>" }, { raw: true })', "mime": "text/html"},
        {"code": "display(tf.ones([2, 2]))", "mime": "text/html"},
        {"code": 'display({ "application/vnd.vegalite.v5+json": { mark: "point" } }, { raw: true })',
         "mime": "application/vnd.vegalite.v5+json"},
    ]

    code_page_something = 'dl.page("backendInfo(): the backend in use and why faster ones were skipped")'

    code_inspect_sample = "Math.max"
    code_clear_output = 'dl.clearOutput()'


if __name__ == "__main__":
    unittest.main()
