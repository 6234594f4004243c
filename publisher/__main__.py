import sys

from .handover import run

if __name__ == '__main__':
    sys.exit(run())
