"""Synthetic demo trove: fictional victims, multilingual mail and documents, hostile files.

The trove is modelled on public reporting about the 2017-2021 Exchange intrusions against six
foreign ministries and eight energy companies. Every organisation, person, address, number and
secret in it is invented. It exists so the demo, the tests and the benchmarks all have realistic,
reproducible input without touching real stolen data; `ground_truth.jsonl` says what every
generated item is, so the classification engine can be measured against it.

Entry point: `trovetriage.demo.generator.generate_demo_trove`.
"""
