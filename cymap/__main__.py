import sys

from cymap.cli import main

sys.exit(main())
