"""Photos encoded for a PDF once a run, not once a PDF.

WeasyPrint turns a photo into a PDF image stream (decoding a PNG, taking its
alpha apart, compressing it again: about 0.1 s a photo) every time it writes a
PDF.  A worker keeps what it encoded for the next PDF, and a run's workers
share it: the first to need a photo encodes it into the run's folder, under
the digest of what the encoding is made from; the others wait for it and read
it.  The bytes are those WeasyPrint would have written, so a PDF is the same
whichever worker encoded its photos.
"""

from __future__ import annotations

import hashlib
import os
import pickle
from pathlib import Path

#: A run's encoded photos, in its folder (see pdf.PdfWorkers): made only by this user's workers.
SHARED = 'images'

#: In a worker, the run's folder of encoded photos; empty elsewhere (nothing shared).
_shared_folder = []


def share_encoded_images(folder: Path):
    """Have this worker share the photos it encodes with the run's other workers, in ``folder``."""
    folder.mkdir(exist_ok=True)
    _shared_folder[:] = [folder]


def reuse_image_streams():
    """Make WeasyPrint encode a photo once, handing each PDF a fresh stream of the same data.

    Hooks ``RasterImage.get_x_object`` (WeasyPrint 70, pinned): the stream it
    returns is changed as it is added to a PDF, so each PDF gets a new one.
    """
    from weasyprint.images import RasterImage

    encode = RasterImage.get_x_object
    if getattr(encode, 'publisher', False):
        return

    def get_x_object(self, interpolate, dpi_ratio):
        encoded = self.__dict__.setdefault('_publisher_streams', {})
        if (interpolate, dpi_ratio) not in encoded:
            encoded[interpolate, dpi_ratio] = _encoded_once(self, interpolate, dpi_ratio, encode)
        return _fresh(encoded[interpolate, dpi_ratio])

    get_x_object.publisher = True
    RasterImage.get_x_object = get_x_object


def _encoded_once(image, interpolate, dpi_ratio, encode):
    """The stream of ``image``: encoded here, or by another worker of the run if one did it first."""
    if not _shared_folder:
        return _plain(encode(image, interpolate, dpi_ratio))
    import fcntl

    path = _shared_folder[0] / _encoding_key(image, interpolate, dpi_ratio)
    with open(path.with_suffix('.lock'), 'a') as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # a worker encoding the same photo finishes first
        try:
            return _stream(pickle.loads(path.read_bytes()))
        except Exception:  # not there yet, or cut short: a cache is only a speed-up, made again
            stream = _plain(encode(image, interpolate, dpi_ratio))
            partial = path.with_suffix(f'.{os.getpid()}')
            partial.write_bytes(pickle.dumps(stream))
            partial.replace(path)
            return stream


def _stream(found):
    """``found`` if it is a stream, else a TypeError."""
    import pydyf

    if not isinstance(found, pydyf.Stream):
        raise TypeError(f'not a stream: {type(found).__name__}')
    return found


def _encoding_key(image, interpolate, dpi_ratio) -> str:
    """The digest of everything ``get_x_object`` makes a photo's stream from: its bytes and settings."""
    settings = (image.width, image.height, image.mode, image.format, image.optimize, image._jpeg_quality,
                image._dpi, image.invert_colors, interpolate, dpi_ratio)
    return hashlib.sha256(repr(settings).encode() + b'\0' + image.image_data.data).hexdigest()


def _plain(stream):
    """``stream`` with its data as bytes: a copy that holds none of WeasyPrint's caches."""
    import pydyf

    extra = pydyf.Dictionary({key: _plain(value) if isinstance(value, pydyf.Stream) else value
                              for key, value in stream.extra.items()})
    return pydyf.Stream([pydyf._to_bytes(item) for item in stream.stream], extra, stream.compress)


def _fresh(stream):
    """A new stream of the same data, for one PDF."""
    import pydyf

    extra = pydyf.Dictionary({key: _fresh(value) if isinstance(value, pydyf.Stream) else value
                              for key, value in stream.extra.items()})
    return pydyf.Stream(list(stream.stream), extra, stream.compress)
