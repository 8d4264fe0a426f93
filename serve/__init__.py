"""Work that runs outside the Streamlit process, so that a class's drawing never waits behind it.

- ``worker``: training runs (and the batch-size lab) in worker processes; the page only draws what they report.

Never imports streamlit or ui (tests/test_architecture.py): a worker process loads torch and core, nothing else.
"""
