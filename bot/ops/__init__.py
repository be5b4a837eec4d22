"""Operating the assistant: start and supervise its servers (``serve.py``, ``python -m bot.ops.serve``),
the cluster profile (``cluster.py``), and the deletion of old conversations (``retention.py``)."""
