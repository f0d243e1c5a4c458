/* Thousands of tasks, each with a firstprivate pointer to a node of its own
 * and no wait in between: the runtime hands a finished task's memory to the
 * next task the creator makes, whatever thread ran the finished one. The
 * creator's write of the new task's firstprivate copy is not ordered after
 * the old task's read of its own copy there, but that memory was freed and
 * allocated again: not a race (the nodes are ordered by the region's join). */
#include <stdio.h>
#include <stdlib.h>

struct node {
    struct node *next;
    long v;
};

int main(void)
{
    struct node *head = NULL;
    for (int i = 0; i < 4000; i++) {
        struct node *n = malloc(sizeof *n);
        n->v = i;
        n->next = head;
        head = n;
    }
#pragma omp parallel
#pragma omp single
    for (struct node *p = head; p; p = p->next) {
#pragma omp task firstprivate(p)
        p->v *= 2;
    }
    long sum = 0;
    while (head) {
        struct node *n = head->next;
        sum += head->v;
        free(head);
        head = n;
    }
    printf("%ld\n", sum);
    return sum != 3999L * 4000;
}
