import sys

from app.ingest.cli import main

sys.exit(main())
