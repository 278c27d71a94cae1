// N-body simulation of the Sun and the four gas giants: double-precision
// arithmetic, sqrt and array-of-struct access in a tight loop.
// usage: nbody [STEPS]   (default STEPS = 10000000)
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#define PI 3.141592653589793
#define SOLAR_MASS (4 * PI * PI)
#define DAYS_PER_YEAR 365.24
#define BODY_COUNT 5

typedef struct {
  double pos[3];
  double vel[3];
  double mass;
} Body;

// Heliocentric positions (AU), velocities (AU/day) and masses (solar masses).
static Body bodies[BODY_COUNT] = {
    {{0, 0, 0}, {0, 0, 0}, 1.0},
    {{4.84143144246472090e+00, -1.16032004402742839e+00, -1.03622044471123109e-01},
     {1.66007664274403694e-03, 7.69901118419740425e-03, -6.90460016972063023e-05},
     9.54791938424326609e-04},
    {{8.34336671824457987e+00, 4.12479856412430479e+00, -4.03523417114321381e-01},
     {-2.76742510726862411e-03, 4.99852801234917238e-03, 2.30417297573763929e-05},
     2.85885980666130812e-04},
    {{1.28943695621391310e+01, -1.51111514016986312e+01, -2.23307578892655734e-01},
     {2.96460137564761618e-03, 2.37847173959480950e-03, -2.96589568540237556e-05},
     4.36624404335156298e-05},
    {{1.53796971148509165e+01, -2.59193146099879641e+01, 1.79258772950371181e-01},
     {2.68067772490389322e-03, 1.62824170038242295e-03, -9.51592254519715870e-05},
     5.15138902046611451e-05},
};

static void to_simulation_units(void) {
  for (int i = 0; i < BODY_COUNT; i++) {
    for (int d = 0; d < 3; d++) bodies[i].vel[d] *= DAYS_PER_YEAR;
    bodies[i].mass *= SOLAR_MASS;
  }
}

// Gives the Sun the momentum that makes the system's total zero.
static void zero_momentum(void) {
  double p[3] = {0, 0, 0};
  for (int i = 0; i < BODY_COUNT; i++)
    for (int d = 0; d < 3; d++) p[d] += bodies[i].vel[d] * bodies[i].mass;
  for (int d = 0; d < 3; d++) bodies[0].vel[d] = -p[d] / SOLAR_MASS;
}

static double total_energy(void) {
  double e = 0;
  for (int i = 0; i < BODY_COUNT; i++) {
    const Body* a = &bodies[i];
    e += 0.5 * a->mass * (a->vel[0] * a->vel[0] + a->vel[1] * a->vel[1] + a->vel[2] * a->vel[2]);
    for (int j = i + 1; j < BODY_COUNT; j++) {
      const Body* b = &bodies[j];
      double dx = a->pos[0] - b->pos[0], dy = a->pos[1] - b->pos[1], dz = a->pos[2] - b->pos[2];
      e -= a->mass * b->mass / sqrt(dx * dx + dy * dy + dz * dz);
    }
  }
  return e;
}

static void step(double dt) {
  for (int i = 0; i < BODY_COUNT; i++) {
    Body* a = &bodies[i];
    for (int j = i + 1; j < BODY_COUNT; j++) {
      Body* b = &bodies[j];
      double d[3];
      for (int k = 0; k < 3; k++) d[k] = a->pos[k] - b->pos[k];
      double dist2 = d[0] * d[0] + d[1] * d[1] + d[2] * d[2];
      double mag = dt / (dist2 * sqrt(dist2));
      for (int k = 0; k < 3; k++) {
        a->vel[k] -= d[k] * b->mass * mag;
        b->vel[k] += d[k] * a->mass * mag;
      }
    }
  }
  for (int i = 0; i < BODY_COUNT; i++)
    for (int k = 0; k < 3; k++) bodies[i].pos[k] += dt * bodies[i].vel[k];
}

int main(int argc, char** argv) {
  int32_t steps = argc > 1 ? atoi(argv[1]) : 10000000;
  to_simulation_units();
  zero_momentum();
  printf("%.9f\n", total_energy());
  for (int32_t s = 0; s < steps; s++) step(0.01);
  printf("%.9f\n", total_energy());
  return 0;
}
