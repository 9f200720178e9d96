"""Synthetic demo trove: multilingual mail and documents, credentials and hostile files.

The trove is modelled on public reporting about the 2017-2021 Exchange intrusions against six
foreign ministries and eight energy companies. The ministries carry the names of the real ones
that the reporting named; every energy company, person, address, number, secret and every line
of content is invented. It exists so the demo, the tests and the benchmarks all have realistic,
reproducible input without touching real stolen data; `ground_truth.jsonl` says what every
generated item is, so the classification engine can be measured against it.

Entry point: `trovetriage.demo.generator.generate_demo_trove`.
"""
