"""Documents, chunks and vectors: SQLite and FAISS kept in step behind one interface."""

from assistant.store.database import StoredChunk, StoredDocument
from assistant.store.store import Store, StoreCheck, VectorHit

__all__ = ["Store", "StoreCheck", "StoredChunk", "StoredDocument", "VectorHit"]
