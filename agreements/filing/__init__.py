"""Filing agreements into the county's archive system: KS Fiks Arkiv V1 messages
(arkivmelding.py), sealed PDF/A (seal.py, verify.py), the packages (package.py) and their sending
(transport.py). The README's "Filing in the county's archive" tells the choices."""
