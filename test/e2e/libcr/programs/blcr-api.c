/*
 * Written only against BLCR 0.8's documented libcr API (libcr.h, the User's Guide's
 * callback example), in BLCR's own style, and compiled unchanged against blcr's header.
 * With argument "fail" the callback refuses with a user code: cr_checkpoint exits 42.
 * With "omit" it asks to be left out of the checkpoint.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <signal.h>
#include <unistd.h>
#include <errno.h>
#include <libcr.h>

static cr_client_id_t my_id;
static int mode; /* 0 normal, 1 fail, 2 omit */
static volatile sig_atomic_t done;

static int my_callback(void *arg)
{
    int rc;

    /* do CHECKPOINT work here */
    if (mode == 1) {
        rc = cr_checkpoint(CR_CHECKPOINT_TEMP_FAILURE_CODE(42));
    } else if (mode == 2) {
        rc = cr_checkpoint(CR_CHECKPOINT_OMIT);
    } else {
        rc = cr_checkpoint(0);
    }
    if (rc < 0) {
        /* deal with FAILURE here */
        printf("callback failure %d %s\n", -rc, cr_strerror(-rc));
    } else if (rc) {
        /* do RESTART work here */
        printf("callback restart %d\n", rc);
    } else {
        /* do CONTINUE work here */
        printf("callback continue\n");
    }
    fflush(stdout);
    return 0;
}

static void stop(int sig) { done = 1; }

int main(int argc, char *argv[])
{
    cr_callback_id_t cb_id;
    cr_checkpoint_args_t args;
    cr_spinlock_t lock = CR_SPINLOCK_INITIALIZER;

    if (argc > 1 && !strcmp(argv[1], "fail")) mode = 1;
    if (argc > 1 && !strcmp(argv[1], "omit")) mode = 2;
    signal(SIGUSR2, stop);

    my_id = cr_init();
    if (my_id < 0) {
        fprintf(stderr, "cr_init() failed: %s\n", cr_strerror(errno));
        exit(1);
    }
    cb_id = cr_register_callback(my_callback, NULL, CR_SIGNAL_CONTEXT);
    if (cb_id < 0) {
        fprintf(stderr, "cr_register_callback() failed: %s\n", cr_strerror(errno));
        exit(1);
    }
    /* the documented constants and helpers */
    if (cr_initialize_checkpoint_args_t(&args) != 0 || args.cr_target != 0 || args.cr_fd != -1 ||
        args.cr_signal != 0 || args.cr_timeout != 0 || args.cr_flags != 0 ||
        CR_MIN_ERRCODE != 2353 || CR_ERESTARTED != 2363 || (CR_ETEMPFAIL & 0xff) != 50 ||
        CR_THREAD_CONTEXT != 0x4000000 || CR_SIGNAL_CONTEXT != 0x2000000 || CR_ID_CALLBACK != -1 ||
        CR_CHECKPOINT_TEMP_FAILURE_CODE(42) != (1 | (42 << 16)) || CR_SCOPE_TREE != 3 ||
        CR_DEST_CWD != -4096 || CR_POLL_CHKPT_ERR_POST != -2 || CR_HOLD_BOTH != 3 ||
        cr_hold_ctrl(CR_HOLD_SCOPE_INIT, CR_HOLD_READ) != CR_HOLD_BOTH ||
        cr_checkpoint(0) != -CR_ENOTCB || cr_status() != CR_STATE_IDLE ||
        cr_get_checkpoint_info() != NULL || cr_forward_checkpoint(CR_SCOPE_PROC, 0) != -1 ||
        errno != CR_ENOTCB || strcmp(cr_strerror(CR_ENOTCB), "Call is only valid from a checkpoint callback")) {
        printf("api-mismatch\n");
        exit(1);
    }
    cr_spinlock_lock(&lock);
    if (cr_spinlock_trylock(&lock)) { printf("api-mismatch spinlock\n"); exit(1); }
    cr_spinlock_unlock(&lock);

    printf("ready %d\n", (int)getpid());
    fflush(stdout);
    while (!done) {
        if (cr_enter_cs(my_id) != 0) { printf("api-mismatch cs\n"); exit(1); }
        usleep(1000);
        cr_leave_cs(my_id);
        usleep(10000);
    }
    printf("result pass\n");
    return 0;
}
