"""Django's Redis cache backend, with one Redis client object per connection pool.

Django's ``RedisCacheClient.get_client`` builds a new ``redis.Redis`` for every cache operation,
and each one copies redis-py's table of about 170 response callbacks: about 0.25 ms of CPU per
operation, 5-6 ms per page that reads and writes its cached totals, versions and sections (issue
19, profiled on the site search at 100k records). A ``redis.Redis`` holds no connection of its
own (it borrows one from the pool per command) and is safe to share between threads, so one per
pool serves the process; Django makes one cache object per thread anyway. The pools notice a
fork (redis-py checks the process id), so a client made in gunicorn's master is safe in workers.

Settings: ``"BACKEND": "core.cache.RedisCache"`` (techmarket.settings.cache_settings).
"""

from django.core.cache.backends.redis import RedisCache as DjangoRedisCache
from django.core.cache.backends.redis import RedisCacheClient as DjangoRedisCacheClient


class RedisCacheClient(DjangoRedisCacheClient):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        index = self._get_connection_pool_index(write)
        client = self._clients.get(index)
        if client is None:
            if index not in self._pools:
                self._pools[index] = self._pool_class.from_url(self._servers[index], **self._pool_options)
            client = self._clients[index] = self._client(connection_pool=self._pools[index])
        return client


class RedisCache(DjangoRedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = RedisCacheClient
