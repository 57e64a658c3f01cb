/* Compiled base cases of the counting engine (see arrangement/count_kernel.py for the why).
 *
 * chi(rows, m, r): coefficients of the characteristic polynomial (highest degree first) of m
 * distinct, non-parallel, canonical int64 rows in R^r, by deletion-restriction without a memo:
 * chi = t^r - sum_k chi(A_{k-1}^{H_k}), closed forms at r <= 3 (as in counting.py).
 * normal_form(rows, m, r): the normal form of arrangement/normal_form.py, as (bytes, rank).
 * Both return None when a bound check fails (an entry too large for exact int64 arithmetic):
 * the caller then computes with Python integers.  Every product is of factors below 2^30
 * (chi) or of Bareiss minors below 2^31 (normal form), checked before it is formed.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define LIMIT (((int64_t)1) << 30)
#define MAXR 16

/* saturating: -INT64_MIN is not an int64, and a bound check must see it as large */
static inline int64_t iabs64(int64_t v) { return v < 0 ? (v == INT64_MIN ? INT64_MAX : -v) : v; }

static int64_t gcd64(int64_t a, int64_t b)
{
    /* binary gcd of nonnegative values: no divisions */
    if (a == 0) return b;
    if (b == 0) return a;
    int shift = __builtin_ctzll((uint64_t)(a | b));
    a >>= __builtin_ctzll((uint64_t)a);
    do {
        b >>= __builtin_ctzll((uint64_t)b);
        if (a > b) { int64_t t = a; a = b; b = t; }
        b -= a;
    } while (b);
    return a << shift;
}

static int64_t max_abs(const int64_t *C, Py_ssize_t m, int q)
{
    int64_t big = 0;
    for (Py_ssize_t i = 0; i < m * q; i++) {
        int64_t v = iabs64(C[i]);
        if (v > big) big = v;
    }
    return big;
}

typedef struct {
    double *slopes;   /* count_lines: the slope in each table slot, then the slope of each line */
    int64_t *work;    /* normal form workspace: m x q, twice */
    int64_t *rows;    /* m x q restricted rows of this level */
    int64_t *table;   /* hash table of row indices */
    Py_ssize_t size;  /* table size, a power of two >= 2m */
} Level;

/* Rows 0..k-1 of C (q columns) restricted to the hyperplane of row k: canonical, distinct, in
 * order of first occurrence, written to L->rows (q - 1 columns); returns their number. */
static Py_ssize_t restrict_prefix(const int64_t *C, int q, Py_ssize_t k, Level *L)
{
    const int64_t *K = C + k * q;
    int p = 0;
    while (K[p] == 0) p++;
    int64_t a = K[p];
    Py_ssize_t size = 4, n = 0;
    while (size < 2 * k) size *= 2;     /* at most L->size: this call's rows, not the top level's */
    Py_ssize_t mask = size - 1;
    int w = q - 1;
    for (Py_ssize_t t = 0; t < size; t++) L->table[t] = -1;
    for (Py_ssize_t i = 0; i < k; i++) {
        const int64_t *R = C + i * q;
        int64_t b = R[p], g = 0;
        int64_t *out = L->rows + n * w;
        int jj = 0;
        for (int j = 0; j < q; j++) {
            if (j == p) continue;
            int64_t v = R[j] * a - K[j] * b;
            out[jj++] = v;
            g = gcd64(g, iabs64(v));
        }
        if (g == 0) continue;
        int lead = 0;
        while (out[lead] == 0) lead++;
        if (out[lead] < 0) g = -g;
        uint64_t h = 0;
        for (int j = 0; j < w; j++) {
            if (g != 1) out[j] /= g;
            h = h * 1000003u + (uint64_t)out[j];
        }
        Py_ssize_t t = (Py_ssize_t)((h ^ (h >> 29)) & (uint64_t)mask);
        for (;;) {
            int64_t e = L->table[t];
            if (e < 0) { L->table[t] = n; n++; break; }
            if (memcmp(L->rows + e * w, out, (size_t)w * sizeof(int64_t)) == 0) break;
            t = (t + 1) & mask;
        }
    }
    return n;
}

/* The number of distinct lines where the planes 0..k-1 of C (3 columns, entries below 2^15) meet
 * plane k: restrict_prefix without its gcds and divisions.  A direction (u, v) is hashed by its
 * slope, a double (equal directions give equal slopes: each is the correctly rounded quotient of
 * the same rational, of integers below 2^53), and compared exactly by the cross product u w' - v u'
 * (entries below 2^31, so the products stay below 2^62): a rounding collision costs a probe. */
static Py_ssize_t count_lines(const int64_t *C, Py_ssize_t k, Level *L)
{
    const int64_t *K = C + k * 3;
    int p = 0;
    while (K[p] == 0) p++;
    int j0 = p == 0 ? 1 : 0, j1 = p == 2 ? 1 : 2;
    int64_t a = K[p], k0 = K[j0], k1 = K[j1];
    Py_ssize_t size = 4, n = 0;
    while (size < 2 * k) size *= 2;
    Py_ssize_t mask = size - 1;
    int64_t *uv = L->rows;
    double *slot = L->slopes, *slope = L->slopes + L->size;     /* L->size slots, then m slopes */
    /* first every direction and its slope (independent divisions, pipelined), then the table */
    for (Py_ssize_t i = 0; i < k; i++) {
        const int64_t *R = C + i * 3;
        int64_t b = R[p];
        int64_t u = R[j0] * a - k0 * b, v = R[j1] * a - k1 * b;
        if (v < 0 || (v == 0 && u < 0)) { u = -u; v = -v; }
        uv[2 * i] = u;
        uv[2 * i + 1] = v;
        slope[i] = v ? (double)u / (double)v : (u ? 1e300 : -1e300);
    }
    for (Py_ssize_t t = 0; t < size; t++) L->table[t] = -1;
    for (Py_ssize_t i = 0; i < k; i++) {
        int64_t u = uv[2 * i], v = uv[2 * i + 1];
        if (u == 0 && v == 0) continue;          /* plane i parallel to plane k: no line */
        double x = slope[i];
        uint64_t h;
        memcpy(&h, &x, sizeof h);
        h *= 0x9E3779B97F4A7C15u;
        Py_ssize_t t = (Py_ssize_t)((h >> 32) & (uint64_t)mask);
        for (;;) {
            int64_t e = L->table[t];
            if (e < 0) { L->table[t] = i; slot[t] = x; n++; break; }
            if (slot[t] == x && uv[2 * e] * v == uv[2 * e + 1] * u) break;
            t = (t + 1) & mask;
        }
    }
    return n;
}

static int normal_form(const int64_t *N, Py_ssize_t m, int r, int64_t *M, int64_t *E, int *rank);

/* A process-wide memo of the restrictions in R^q, MEMO_LOW <= q <= MEMO_HIGH, met inside chi:
 * (q, normal form: rank and rows) -> coefficients in R^q.  Equal normal forms are isomorphic arrangements, so an entry is valid for
 * every later count; the memo is emptied past MEMO_BYTES.  chi holds the GIL while it runs. */
#define MEMO_LOW 3
#define MEMO_HIGH 5
#define MEMO_BYTES ((size_t)1 << 28)
typedef struct { uint64_t hash; int64_t *key; Py_ssize_t len; int rank, q; int64_t coeffs[MAXR + 1]; } Entry;
static Entry *memo = NULL;
static Py_ssize_t memo_size = 0, memo_used = 0;
static size_t memo_bytes = 0;

static void memo_clear(void)
{
    for (Py_ssize_t t = 0; t < memo_size; t++) free(memo[t].key);
    free(memo);
    memo = NULL;
    memo_size = memo_used = 0;
    memo_bytes = 0;
}

static Entry *memo_slot(uint64_t hash, const int64_t *key, Py_ssize_t len, int rank, int q)
{
    Py_ssize_t t = (Py_ssize_t)(hash & (uint64_t)(memo_size - 1));
    for (;;) {
        Entry *e = &memo[t];
        if (!e->key) return e;
        if (e->hash == hash && e->len == len && e->rank == rank && e->q == q
            && memcmp(e->key, key, (size_t)len * sizeof(int64_t)) == 0) return e;
        t = (t + 1) & (memo_size - 1);
    }
}

static int memo_grow(void)
{
    Py_ssize_t size = memo_size ? 2 * memo_size : 4096;
    Entry *old = memo, *fresh = calloc((size_t)size, sizeof(Entry));
    if (!fresh) return -1;
    Py_ssize_t old_size = memo_size;
    memo = fresh;
    memo_size = size;
    for (Py_ssize_t t = 0; t < old_size; t++)
        if (old[t].key) *memo_slot(old[t].hash, old[t].key, old[t].len, old[t].rank, old[t].q) = old[t];
    free(old);
    return 0;
}

static uint64_t hash_rows(const int64_t *key, Py_ssize_t len, int rank, int q)
{
    uint64_t h = (uint64_t)(rank * 64 + q);
    for (Py_ssize_t i = 0; i < len; i++) h = (h ^ (uint64_t)key[i]) * 0x100000001B3u;
    return h ^ (h >> 31);
}

static int chi_rec(const int64_t *C, Py_ssize_t m, int q, Level *levels, int64_t *out);

/* chi_rec through the memo (computed and stored on a miss); -1 as chi_rec. */
static int chi_memo(const int64_t *C, Py_ssize_t m, int q, Level *levels, int64_t *out)
{
    Level *L = &levels[q - 1];
    int64_t *E = L->work + (m + 1) * q;
    int rank;
    if (normal_form(C, m, q, L->work, E, &rank) < 0) return chi_rec(C, m, q, levels, out);
    Py_ssize_t len = m * rank;
    uint64_t h = hash_rows(E, len, rank, q);
    if (memo_size) {
        Entry *e = memo_slot(h, E, len, rank, q);
        if (e->key) { memcpy(out, e->coeffs, (size_t)(q + 1) * sizeof(int64_t)); return 0; }
    }
    if (chi_rec(C, m, q, levels, out) < 0) return -1;
    if (memo_bytes > MEMO_BYTES) memo_clear();
    if (2 * (memo_used + 1) > memo_size && memo_grow() < 0) return 0;    /* no memory: no memo */
    Entry *e = memo_slot(h, E, len, rank, q);
    if (e->key) return 0;
    int64_t *key = malloc((size_t)(len + 1) * sizeof(int64_t));
    if (!key) return 0;
    memcpy(key, E, (size_t)len * sizeof(int64_t));
    e->hash = h; e->key = key; e->len = len; e->rank = rank; e->q = q;
    memcpy(e->coeffs, out, (size_t)(q + 1) * sizeof(int64_t));
    memo_used++;
    memo_bytes += (size_t)(len + 1) * sizeof(int64_t) + sizeof(Entry);
    return 0;
}

/* chi of m rows of C in R^q into out[0..q]; levels[q - 1] is the workspace for its restrictions.
 * Returns 0, or -1 when an entry reaches LIMIT. */
static int chi_rec(const int64_t *C, Py_ssize_t m, int q, Level *levels, int64_t *out)
{
    memset(out, 0, (size_t)(q + 1) * sizeof(int64_t));
    out[0] = 1;
    if (m == 0) return 0;
    if (q == 1) { out[1] = -1; return 0; }
    if (q == 2) { out[1] = -m; out[2] = m - 1; return 0; }
    if (max_abs(C, m, q) >= LIMIT) return -1;
    Level *L = &levels[q - 1];
    if (q == 3) {
        int64_t c = 0;
        int small = max_abs(C, m, q) < (((int64_t)1) << 15);
        for (Py_ssize_t k = 1; k < m; k++) c += small ? count_lines(C, k, L) : restrict_prefix(C, q, k, L);
        out[1] = -m; out[2] = c; out[3] = m - 1 - c;
        return 0;
    }
    int64_t sub[MAXR + 1];
    for (Py_ssize_t k = 0; k < m; k++) {
        Py_ssize_t n = restrict_prefix(C, q, k, L);
        int status = q - 1 >= MEMO_LOW && q - 1 <= MEMO_HIGH ? chi_memo(L->rows, n, q - 1, levels, sub)
                                                             : chi_rec(L->rows, n, q - 1, levels, sub);
        if (status < 0) return -1;
        for (int i = 0; i < q; i++) out[i + 1] -= sub[i];
    }
    return 0;
}

static int read_rows(PyObject *args, Py_buffer *view, Py_ssize_t *m, int *r)
{
    if (!PyArg_ParseTuple(args, "y*ni", view, m, r)) return -1;
    if (*m < 0 || *r < 1 || *r > MAXR || view->len != *m * *r * (Py_ssize_t)sizeof(int64_t)) {
        PyBuffer_Release(view);
        PyErr_SetString(PyExc_ValueError, "expected m * r int64 entries, 1 <= r <= 16");
        return -1;
    }
    return 0;
}

static PyObject *py_chi(PyObject *self, PyObject *args)
{
    Py_buffer view;
    Py_ssize_t m;
    int r;
    if (read_rows(args, &view, &m, &r) < 0) return NULL;
    const int64_t *rows = view.buf;
    for (Py_ssize_t i = 0; i < m; i++) {          /* a hyperplane needs a nonzero normal */
        int zero = 1;
        for (int j = 0; j < r && zero; j++) zero = rows[i * r + j] == 0;
        if (zero) {
            PyBuffer_Release(&view);
            PyErr_SetString(PyExc_ValueError, "chi: a zero row is not a hyperplane");
            return NULL;
        }
    }
    Level levels[MAXR];
    Py_ssize_t size = 4;
    while (size < 2 * m) size *= 2;
    int failed = 0;
    for (int q = 0; q < r; q++) {
        levels[q].size = size;
        levels[q].rows = malloc((size_t)(m + 1) * (size_t)(q + 1) * sizeof(int64_t));
        levels[q].table = malloc((size_t)size * sizeof(int64_t));
        levels[q].work = malloc(2 * (size_t)(m + 1) * (size_t)(q + 1) * sizeof(int64_t));
        levels[q].slopes = malloc(((size_t)size + (size_t)m + 1) * sizeof(double));
        if (!levels[q].rows || !levels[q].table || !levels[q].work || !levels[q].slopes) failed = 1;
    }
    int64_t out[MAXR + 1];
    int status = failed ? -2 : 0;
    /* with the GIL held: the memo is shared */
    if (!failed) status = chi_rec((const int64_t *)view.buf, m, r, levels, out);
    for (int q = 0; q < r; q++) {
        free(levels[q].rows); free(levels[q].table); free(levels[q].work); free(levels[q].slopes);
    }
    PyBuffer_Release(&view);
    if (status == -2) return PyErr_NoMemory();
    if (status < 0) Py_RETURN_NONE;
    PyObject *result = PyTuple_New(r + 1);
    if (!result) return NULL;
    for (int i = 0; i <= r; i++) PyTuple_SET_ITEM(result, i, PyLong_FromLongLong(out[i]));
    return result;
}

/* Normal form, the steps of normal_form.py (_python_echelon, _scale_factors, canonical rows).
 * M: r x m workspace, E: m x r output (m x rank used). */
static int normal_form(const int64_t *N, Py_ssize_t m, int r, int64_t *M, int64_t *E, int *rank)
{
    int64_t big = max_abs(N, m, r);
    if (big >= (((int64_t)1) << 16)) return -1;      /* then r max^2 < 2^36: no overflow below */
    int64_t bound = (int64_t)r * big * big;
    if (bound >= (((int64_t)1) << 31)) return -1;
    int64_t acc = 1;
    for (int i = 0; i < r; i++) {       /* Hadamard: every Bareiss minor is below (r max^2)^(r/2) */
        if (bound > 1 && acc >= (((int64_t)1) << 62) / bound) return -1;
        acc *= bound;
    }
    for (int i = 0; i < r; i++)         /* M = N^T, r x m */
        for (Py_ssize_t j = 0; j < m; j++) M[i * m + j] = N[j * r + i];
    int64_t previous = 1;
    int row = 0;
    for (Py_ssize_t col = 0; col < m && row < r; col++) {
        int swap = row;
        while (swap < r && M[swap * m + col] == 0) swap++;
        if (swap == r) continue;
        if (swap != row)
            for (Py_ssize_t j = 0; j < m; j++) {
                int64_t t = M[row * m + j]; M[row * m + j] = M[swap * m + j]; M[swap * m + j] = t;
            }
        int64_t p = M[row * m + col];
        const int64_t *P = M + row * m;
        for (int i = 0; i < r; i++) {
            if (i == row) continue;
            int64_t *Q = M + i * m, f = Q[col];
            if (f) {
                for (Py_ssize_t j = 0; j < m; j++) Q[j] = (p * Q[j] - f * P[j]) / previous;
            } else if (p != previous) {
                for (Py_ssize_t j = 0; j < m; j++) Q[j] = p * Q[j] / previous;
            }
        }
        previous = p;
        row++;
    }
    int q = row;
    for (Py_ssize_t i = 0; i < m; i++)  /* E = M[:q]^T, m x q */
        for (int j = 0; j < q; j++) E[i * q + j] = M[j * m + i];
    int64_t factor[MAXR];
    const int64_t top = ((int64_t)1) << 31;
    for (int j = 0; j < q; j++) factor[j] = 0;
    int unscaled = q;
    for (Py_ssize_t i = 0; i < m && unscaled; i++) {
        const int64_t *R = E + i * q;
        int support = 0, known = -1;
        for (int j = 0; j < q; j++)
            if (R[j]) { support++; if (known < 0 && factor[j]) known = j; }
        if (support < 2) continue;
        if (known < 0) {
            known = 0;
            while (R[known] == 0) known++;
            factor[known] = 1;
            unscaled--;
        }
        int64_t target = R[known] * factor[known];
        if (iabs64(target) >= top) return -1;
        for (int j = 0; j < q; j++) {
            int64_t v = R[j];
            if (!v || factor[j]) continue;
            int64_t grow = iabs64(v) / gcd64(iabs64(target), iabs64(v));
            if (grow > 1) {
                for (int t = 0; t < q; t++) {
                    factor[t] *= grow;
                    if (iabs64(factor[t]) >= top) return -1;
                }
                target *= grow;
                if (iabs64(target) >= top) return -1;
            }
            factor[j] = target / v;
            unscaled--;
        }
    }
    int64_t common = 0;
    for (int j = 0; j < q; j++) common = gcd64(common, iabs64(factor[j]));
    for (int j = 0; j < q; j++) factor[j] = factor[j] ? factor[j] / common : 1;
    for (Py_ssize_t i = 0; i < m; i++) {
        int64_t *R = E + i * q, g = 0;
        for (int j = 0; j < q; j++) {
            R[j] *= factor[j];
            g = gcd64(g, iabs64(R[j]));
        }
        if (g == 0) continue;
        int lead = 0;
        while (R[lead] == 0) lead++;
        if (R[lead] < 0) g = -g;
        for (int j = 0; j < q; j++) {
            R[j] /= g;
            if (iabs64(R[j]) >= top) return -1;
        }
    }
    *rank = q;
    return 0;
}

static PyObject *py_normal_form(PyObject *self, PyObject *args)
{
    Py_buffer view;
    Py_ssize_t m;
    int r;
    if (read_rows(args, &view, &m, &r) < 0) return NULL;
    int64_t *M = malloc((size_t)(m * r + 1) * sizeof(int64_t));
    PyObject *bytes = PyBytes_FromStringAndSize(NULL, m * r * (Py_ssize_t)sizeof(int64_t));
    if (!M || !bytes) {
        free(M);
        Py_XDECREF(bytes);
        PyBuffer_Release(&view);
        return PyErr_NoMemory();
    }
    int64_t *E = (int64_t *)PyBytes_AS_STRING(bytes);
    int rank = 0;
    int status = normal_form((const int64_t *)view.buf, m, r, M, E, &rank);
    free(M);
    PyBuffer_Release(&view);
    if (status < 0) { Py_DECREF(bytes); Py_RETURN_NONE; }
    if (_PyBytes_Resize(&bytes, m * rank * (Py_ssize_t)sizeof(int64_t)) < 0) return NULL;
    return Py_BuildValue("Ni", bytes, rank);
}

/* least_image(ones, columns, group, m): the index t into group whose element g = group[t] maps the
 * set `ones` (of hyperplanes) to the lexicographically least indicator vector (0 before 1, the
 * first such t on ties); columns[h][g] (uint16, m x |elements|) is the image of hyperplane h under
 * element g.  The least vector is the image whose sorted positions are lexicographically greatest:
 * at the first position where two sorted images differ, the smaller position holds a 1 in one
 * image and a 0 in the other.  Cost: |ones| per element, not m, read along |ones| columns. */
static PyObject *py_least_image(PyObject *self, PyObject *args)
{
    Py_buffer ones, columns, group;
    Py_ssize_t m;
    if (!PyArg_ParseTuple(args, "y*y*y*n", &ones, &columns, &group, &m)) return NULL;
    Py_ssize_t k = ones.len / (Py_ssize_t)sizeof(int64_t), count = group.len / (Py_ssize_t)sizeof(int64_t);
    const int64_t *set = ones.buf, *chosen_from = group.buf;
    const uint16_t *images = columns.buf;
    Py_ssize_t size = m > 0 ? columns.len / (m * (Py_ssize_t)sizeof(uint16_t)) : 0;
    int bad = m <= 0 || m > 65536 || columns.len != size * m * (Py_ssize_t)sizeof(uint16_t) || count == 0;
    for (Py_ssize_t t = 0; t < count && !bad; t++) bad = chosen_from[t] < 0 || chosen_from[t] >= size;
    for (Py_ssize_t x = 0; x < k && !bad; x++) bad = set[x] < 0 || set[x] >= m;
    int64_t *best = bad ? NULL : malloc(2 * (size_t)(k + 1) * sizeof(int64_t));
    Py_ssize_t chosen = 0;
    if (best) {
        int64_t *image = best + k + 1;
        for (Py_ssize_t t = 0; t < count && !bad; t++) {
            Py_ssize_t g = chosen_from[t];
            for (Py_ssize_t x = 0; x < k; x++) {       /* insertion sort of the image positions */
                int64_t v = images[set[x] * size + g];
                if (v >= m) { bad = 1; break; }
                Py_ssize_t y = x;
                while (y > 0 && image[y - 1] > v) { image[y] = image[y - 1]; y--; }
                image[y] = v;
            }
            if (bad) break;
            Py_ssize_t x = 0;
            while (x < k && image[x] == best[x]) x++;
            if (t == 0 || (x < k && image[x] > best[x])) {
                chosen = t;
                memcpy(best, image, (size_t)k * sizeof(int64_t));
            }
        }
        free(best);
        best = (int64_t *)1;      /* allocated: only "bad" is an error now */
    }
    PyBuffer_Release(&ones);
    PyBuffer_Release(&columns);
    PyBuffer_Release(&group);
    if (bad) {
        PyErr_SetString(PyExc_ValueError, "least_image: inconsistent permutations");
        return NULL;
    }
    if (!best) return PyErr_NoMemory();
    return PyLong_FromSsize_t(chosen);
}

/* first_rows(rows, m, r): the indices (int64 bytes) of the first occurrence of each distinct row. */
static PyObject *py_first_rows(PyObject *self, PyObject *args)
{
    Py_buffer view;
    Py_ssize_t m;
    int r;
    if (read_rows(args, &view, &m, &r) < 0) return NULL;
    Py_ssize_t size = 4;
    while (size < 2 * m) size *= 2;
    int64_t *table = malloc((size_t)size * sizeof(int64_t));
    PyObject *bytes = PyBytes_FromStringAndSize(NULL, m * (Py_ssize_t)sizeof(int64_t));
    if (!table || !bytes) {
        free(table);
        Py_XDECREF(bytes);
        PyBuffer_Release(&view);
        return PyErr_NoMemory();
    }
    const int64_t *rows = view.buf;
    int64_t *first = (int64_t *)PyBytes_AS_STRING(bytes);
    Py_ssize_t n = 0, mask = size - 1;
    for (Py_ssize_t t = 0; t < size; t++) table[t] = -1;
    for (Py_ssize_t i = 0; i < m; i++) {
        const int64_t *row = rows + i * r;
        uint64_t h = 0;
        for (int j = 0; j < r; j++) h = h * 1000003u + (uint64_t)row[j];
        Py_ssize_t t = (Py_ssize_t)((h ^ (h >> 29)) & (uint64_t)mask);
        for (;;) {
            int64_t e = table[t];
            if (e < 0) { table[t] = i; first[n++] = i; break; }
            if (memcmp(rows + e * r, row, (size_t)r * sizeof(int64_t)) == 0) break;
            t = (t + 1) & mask;
        }
    }
    free(table);
    PyBuffer_Release(&view);
    if (_PyBytes_Resize(&bytes, n * (Py_ssize_t)sizeof(int64_t)) < 0) return NULL;
    return bytes;
}

static PyObject *py_clear(PyObject *self, PyObject *args)
{
    memo_clear();
    Py_RETURN_NONE;
}

static PyMethodDef methods[] = {
    {"clear", py_clear, METH_NOARGS, "clear(): empty the memo of restrictions"},
    {"first_rows", py_first_rows, METH_VARARGS, "first_rows(rows, m, r): indices of first occurrences"},
    {"least_image", py_least_image, METH_VARARGS, "least_image(ones, columns, group, m): index into group"},
    {"chi", py_chi, METH_VARARGS, "chi(rows, m, r): characteristic polynomial, or None"},
    {"normal_form", py_normal_form, METH_VARARGS, "normal_form(rows, m, r): (bytes, rank), or None"},
    {NULL, NULL, 0, NULL}
};

static struct PyModuleDef module = {PyModuleDef_HEAD_INIT, "count_native", NULL, -1, methods};

PyMODINIT_FUNC PyInit_count_native(void) { return PyModule_Create(&module); }
