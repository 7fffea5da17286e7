/*
 * Makes each nginx worker accept on its rtmp_auto_push unix socket.
 *
 * nginx-rtmp's auto-push relays every published stream to the other workers, each through a unix socket that the
 * worker creates in its init_process. nginx's event module registers the listeners it accepts on in its own
 * init_process. Built into nginx, nginx-rtmp's runs first; loaded as a dynamic module (Debian's libnginx-mod-rtmp) it
 * runs after, so the socket is never accepted on and every relay times out in its handshake. This module, loaded after
 * nginx-rtmp, does for those sockets what the event module does for the others.
 */

#include <ngx_config.h>
#include <ngx_core.h>
#include <ngx_event.h>


static ngx_int_t ngx_rtmp_worker_sockets_init_process(ngx_cycle_t *cycle);
static ngx_int_t ngx_rtmp_worker_sockets_accept_on(ngx_cycle_t *cycle,
    ngx_listening_t *ls);


static ngx_core_module_t  ngx_rtmp_worker_sockets_module_ctx = {
    ngx_string("rtmp_worker_sockets"),
    NULL,
    NULL
};


ngx_module_t  ngx_rtmp_worker_sockets_module = {
    NGX_MODULE_V1,
    &ngx_rtmp_worker_sockets_module_ctx,   /* module context */
    NULL,                                  /* module directives */
    NGX_CORE_MODULE,                       /* module type */
    NULL,                                  /* init master */
    NULL,                                  /* init module */
    ngx_rtmp_worker_sockets_init_process,  /* init process */
    NULL,                                  /* init thread */
    NULL,                                  /* exit thread */
    NULL,                                  /* exit process */
    NULL,                                  /* exit master */
    NGX_MODULE_V1_PADDING
};


static ngx_int_t
ngx_rtmp_worker_sockets_init_process(ngx_cycle_t *cycle)
{
    ngx_uint_t        i;
    ngx_listening_t  *ls;

    if (ngx_process != NGX_PROCESS_WORKER) {
        return NGX_OK;
    }

    /*
     * auto-push's listener is a copy of the RTMP listener, connection pointer included: it is the one unix socket
     * whose connection is not its own.
     */
    ls = cycle->listening.elts;
    for (i = 0; i < cycle->listening.nelts; i++) {
        if (ls[i].fd == (ngx_socket_t) -1
            || ls[i].sockaddr->sa_family != AF_UNIX
            || (ls[i].connection != NULL && ls[i].connection->fd == ls[i].fd))
        {
            continue;
        }

        if (ngx_rtmp_worker_sockets_accept_on(cycle, &ls[i]) != NGX_OK) {
            return NGX_ERROR;
        }
    }

    return NGX_OK;
}


static ngx_int_t
ngx_rtmp_worker_sockets_accept_on(ngx_cycle_t *cycle, ngx_listening_t *ls)
{
    ngx_connection_t  *c;
    ngx_event_t       *rev;

    c = ngx_get_connection(ls->fd, cycle->log);
    if (c == NULL) {
        return NGX_ERROR;
    }

    c->type = SOCK_STREAM;
    c->log = &ls->log;
    c->listening = ls;
    ls->connection = c;

    rev = c->read;
    rev->log = c->log;
    rev->accept = 1;
    rev->handler = ngx_event_accept;

    if (ngx_add_event(rev, NGX_READ_EVENT, 0) == NGX_ERROR) {
        return NGX_ERROR;
    }

    ngx_log_error(NGX_LOG_INFO, cycle->log, 0,
                  "rtmp worker sockets: accepting auto-push relays on %V",
                  &ls->addr_text);

    return NGX_OK;
}
