/* Shows: a server thread that prepares its state, then accepts connections on a UNIX socket; clients connect and exchange datagrams-by-stream with sendto/recvfrom.
 * Ordered by: sockets: what a thread did before connect()/send()/sendto() happens-before what follows the accept()/recv()/recvfrom() that sees it. */
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

static int listener;
static struct sockaddr_un addr;
static char greeting[32];
static int client_config;

static void *client(void *arg)
{
    (void)arg;
    client_config = 42; /* before connect(): visible to the server after accept() */
    int s = socket(AF_UNIX, SOCK_STREAM, 0);
    if (s < 0 || connect(s, (struct sockaddr *)&addr, sizeof addr))
        return NULL;
    char buf[32];
    if (recvfrom(s, buf, sizeof buf, 0, NULL, NULL) <= 0)
        return NULL;
    greeting[0] = 'h'; /* the server wrote it before sendto() */
    close(s);
    return NULL;
}

int main(void)
{
    listener = socket(AF_UNIX, SOCK_STREAM, 0);
    memset(&addr, 0, sizeof addr);
    addr.sun_family = AF_UNIX;
    snprintf(addr.sun_path + 1, sizeof addr.sun_path - 1, "racetest-%d", (int)getpid());
    if (listener < 0 || bind(listener, (struct sockaddr *)&addr, sizeof addr) || listen(listener, 4))
        return 1;
    pthread_t t;
    pthread_create(&t, NULL, client, NULL);
    int c = accept(listener, NULL, NULL);
    if (c < 0)
        return 1;
    int seen = client_config;
    strcpy(greeting, "hello");
    if (sendto(c, "hi", 2, 0, NULL, 0) != 2)
        return 1;
    pthread_join(t, NULL);
    close(c);
    close(listener);
    printf("%d %s\n", seen, greeting);
    return seen == 42 ? 0 : 1;
}
