"""A preload module that starts a thread at import, which the fork server must refuse."""

import threading

threading.Thread(target=threading.Event().wait, name="probe-waiter", daemon=True).start()
