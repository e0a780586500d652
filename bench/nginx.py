"""A throw-away nginx in front of one app server, with deploy/nginx/micro-cache.conf as
production includes it: used by `make bench PROXY=nginx` and by the micro-cache test
(tests/eduportal/test_nginx_micro_cache.py)."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
MICRO_CACHE = ROOT / "deploy" / "nginx" / "micro-cache.conf"
# Debian's dynamic modules (libnginx-mod-http-lua); OpenResty has them built in.
LUA_MODULES = ("ndk_http_module.so", "ngx_http_lua_module.so")
MODULE_DIRS = (Path("/usr/lib/nginx/modules"), Path("/usr/share/nginx/modules"))
PACKAGES = "nginx libnginx-mod-http-lua lua-nginx-redis"
# Debian's lua-nginx-redis, or the same client under OpenResty's name.
REDIS_CLIENTS = (
    Path("/usr/share/lua/5.1/nginx/redis.lua"),
    Path("/usr/share/lua/5.1/resty/redis.lua"),
)


def missing() -> str | None:
    """Why nginx with the micro-cache cannot run here, or None."""
    if shutil.which("nginx") is None:
        return f"nginx is not installed (apt-get install -y {PACKAGES})"
    lua_built_in = "lua" in _build_flags()  # OpenResty: the module and its Redis client
    if not _module_lines() and not lua_built_in:
        return f"nginx has no Lua module (apt-get install -y {PACKAGES})"
    if not (lua_built_in or any(client.exists() for client in REDIS_CLIENTS)):
        return f"nginx's Lua Redis client is not installed (apt-get install -y {PACKAGES})"
    return None


def _build_flags() -> str:
    return subprocess.run(["nginx", "-V"], capture_output=True, text=True).stderr


def _module_lines() -> list[str]:
    for folder in MODULE_DIRS:
        if all((folder / name).exists() for name in LUA_MODULES):
            return [f"load_module {folder / name};" for name in LUA_MODULES]
    return []


def write_config(
    work: Path,
    *,
    listen_port: int,
    app_port: int,
    redis_url: str,
    key_prefix: str,
    static_root: Path | None = None,
    extra_locations: str = "",
) -> Path:
    """nginx.conf in `work` (a private temporary folder): returns its path."""
    redis = urlsplit(redis_url)
    database = (redis.path or "/0").strip("/") or "0"
    for folder in ("logs", "cache"):
        (work / folder).mkdir(exist_ok=True)
    # As root, nginx's workers keep root's identity so they can read the private folder
    # (nginx would otherwise switch to www-data).
    user_line = "user root;" if os.geteuid() == 0 else ""
    static = f"location /static/ {{ alias {static_root}/; gzip_static on; expires max; }}"
    conf = work / "nginx.conf"
    conf.write_text(
        f"""
{chr(10).join(_module_lines())}
{user_line}
worker_processes auto;
pid {work}/nginx.pid;
error_log {work}/logs/error.log warn;
events {{ worker_connections 1024; }}
http {{
    include /etc/nginx/mime.types;
    access_log off;
    lua_package_path "/usr/share/lua/5.1/?.lua;;";
    client_body_temp_path {work}/body;
    proxy_temp_path {work}/proxy;
    fastcgi_temp_path {work}/fastcgi;
    uwsgi_temp_path {work}/uwsgi;
    scgi_temp_path {work}/scgi;
    proxy_cache_path {work}/cache levels=1:2 keys_zone=eduportal_pages:10m max_size=64m
                     inactive=1m use_temp_path=off;
    upstream eduportal_app {{ server 127.0.0.1:{app_port}; keepalive 16; }}
    server {{
        listen 127.0.0.1:{listen_port};
        set $eduportal_redis_host {redis.hostname or "127.0.0.1"};
        set $eduportal_redis_port {redis.port or 6379};
        set $eduportal_redis_db {database};
        set $eduportal_redis_password "{redis.password or ""}";
        set $eduportal_cache_prefix {key_prefix};
        {static if static_root else ""}
        {extra_locations}
        location / {{
            proxy_pass http://eduportal_app;
            proxy_http_version 1.1;
            proxy_set_header Connection "";
            proxy_set_header Host $host;
            proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
            include {MICRO_CACHE};
        }}
    }}
}}
"""
    )
    return conf


def command(conf: Path) -> list[str]:
    return ["nginx", "-p", str(conf.parent), "-c", str(conf), "-g", "daemon off;"]
