// A lit, shaded cube in plain WebGL 1: one directional light with ambient and Blinn-Phong highlights.
// The model turns as the controller does: model = translate(x, y) · rotZ(roll) · rotX(pitch) · rotY(yaw),
// in a right-handed frame with X right, Y up and Z toward the viewer (the controller's own frame, seen by its player).
"use strict";

window.CubeRenderer = (() => {
  const vertexSource = `
    attribute vec3 position;
    attribute vec3 normal;
    uniform mat4 model;
    uniform mat4 viewProjection;
    varying vec3 vNormal;
    varying vec3 vWorld;
    void main() {
      vec4 world = model * vec4(position, 1.0);
      vWorld = world.xyz;
      vNormal = mat3(model) * normal; // rotation and translation only: no inverse-transpose needed
      gl_Position = viewProjection * world;
    }`;
  const fragmentSource = `
    precision mediump float;
    uniform vec3 color;
    uniform vec3 lightDirection;
    uniform vec3 eye;
    varying vec3 vNormal;
    varying vec3 vWorld;
    void main() {
      vec3 n = normalize(vNormal);
      vec3 l = normalize(lightDirection);
      float diffuse = max(dot(n, l), 0.0);
      vec3 h = normalize(l + normalize(eye - vWorld));
      float specular = diffuse > 0.0 ? pow(max(dot(n, h), 0.0), 32.0) : 0.0;
      gl_FragColor = vec4(color * (0.28 + 0.72 * diffuse) + vec3(0.25 * specular), 1.0);
    }`;

  // Column-major 4×4 matrices, as WebGL takes them.
  const multiply = (a, b) => {
    const out = new Float32Array(16);
    for (let c = 0; c < 4; c++)
      for (let r = 0; r < 4; r++)
        out[c * 4 + r] = a[r] * b[c * 4] + a[4 + r] * b[c * 4 + 1] + a[8 + r] * b[c * 4 + 2] + a[12 + r] * b[c * 4 + 3];
    return out;
  };
  const translate = (x, y, z) => new Float32Array([1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0, x, y, z, 1]);
  const rotateX = (a) => { const c = Math.cos(a), s = Math.sin(a); return new Float32Array([1, 0, 0, 0, 0, c, s, 0, 0, -s, c, 0, 0, 0, 0, 1]); };
  const rotateY = (a) => { const c = Math.cos(a), s = Math.sin(a); return new Float32Array([c, 0, -s, 0, 0, 1, 0, 0, s, 0, c, 0, 0, 0, 0, 1]); };
  const rotateZ = (a) => { const c = Math.cos(a), s = Math.sin(a); return new Float32Array([c, s, 0, 0, -s, c, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1]); };
  const perspective = (fovY, aspect, near, far) => {
    const f = 1 / Math.tan(fovY / 2), d = near - far;
    return new Float32Array([f / aspect, 0, 0, 0, 0, f, 0, 0, 0, 0, (far + near) / d, -1, 0, 0, 2 * far * near / d, 0]);
  };
  const lookAt = (eye, target) => {
    const sub = (a, b) => [a[0] - b[0], a[1] - b[1], a[2] - b[2]];
    const norm = (v) => { const l = Math.hypot(...v); return v.map((x) => x / l); };
    const cross = (a, b) => [a[1] * b[2] - a[2] * b[1], a[2] * b[0] - a[0] * b[2], a[0] * b[1] - a[1] * b[0]];
    const dot = (a, b) => a[0] * b[0] + a[1] * b[1] + a[2] * b[2];
    const z = norm(sub(eye, target)), x = norm(cross([0, 1, 0], z)), y = cross(z, x);
    return new Float32Array([x[0], y[0], z[0], 0, x[1], y[1], z[1], 0, x[2], y[2], z[2], 0, -dot(x, eye), -dot(y, eye), -dot(z, eye), 1]);
  };

  // Six faces, four corners each, with the face's outward normal.
  function cubeGeometry() {
    const faces = [
      [[1, 0, 0], [0, 1, 0], [0, 0, 1]], [[-1, 0, 0], [0, 1, 0], [0, 0, -1]],
      [[0, 1, 0], [0, 0, 1], [1, 0, 0]], [[0, -1, 0], [0, 0, -1], [1, 0, 0]],
      [[0, 0, 1], [1, 0, 0], [0, 1, 0]], [[0, 0, -1], [-1, 0, 0], [0, 1, 0]],
    ];
    const positions = [], normals = [], indices = [];
    faces.forEach(([n, u, v], i) => {
      for (const [a, b] of [[-1, -1], [1, -1], [1, 1], [-1, 1]]) {
        positions.push(n[0] + a * u[0] + b * v[0], n[1] + a * u[1] + b * v[1], n[2] + a * u[2] + b * v[2]);
        normals.push(...n);
      }
      indices.push(i * 4, i * 4 + 1, i * 4 + 2, i * 4, i * 4 + 2, i * 4 + 3);
    });
    return { positions: new Float32Array(positions), normals: new Float32Array(normals), indices: new Uint16Array(indices) };
  }

  function compile(gl, type, source) {
    const shader = gl.createShader(type);
    gl.shaderSource(shader, source);
    gl.compileShader(shader);
    if (!gl.getShaderParameter(shader, gl.COMPILE_STATUS)) throw new Error(gl.getShaderInfoLog(shader));
    return shader;
  }

  const eye = [0, 2.4, 7];

  function create(canvas) {
    const gl = canvas.getContext("webgl", { antialias: true, preserveDrawingBuffer: true });
    if (!gl) return null;
    const program = gl.createProgram();
    gl.attachShader(program, compile(gl, gl.VERTEX_SHADER, vertexSource));
    gl.attachShader(program, compile(gl, gl.FRAGMENT_SHADER, fragmentSource));
    gl.linkProgram(program);
    if (!gl.getProgramParameter(program, gl.LINK_STATUS)) throw new Error(gl.getProgramInfoLog(program));
    gl.useProgram(program);

    const geometry = cubeGeometry();
    const attribute = (name, data) => {
      gl.bindBuffer(gl.ARRAY_BUFFER, gl.createBuffer());
      gl.bufferData(gl.ARRAY_BUFFER, data, gl.STATIC_DRAW);
      const location = gl.getAttribLocation(program, name);
      gl.enableVertexAttribArray(location);
      gl.vertexAttribPointer(location, 3, gl.FLOAT, false, 0, 0);
    };
    attribute("position", geometry.positions);
    attribute("normal", geometry.normals);
    gl.bindBuffer(gl.ELEMENT_ARRAY_BUFFER, gl.createBuffer());
    gl.bufferData(gl.ELEMENT_ARRAY_BUFFER, geometry.indices, gl.STATIC_DRAW);

    const uniform = (name) => gl.getUniformLocation(program, name);
    const model = uniform("model"), viewProjection = uniform("viewProjection"), color = uniform("color");
    gl.uniform3fv(uniform("lightDirection"), [-0.4, 1.0, 0.8]);
    gl.uniform3fv(uniform("eye"), eye);
    gl.enable(gl.DEPTH_TEST);
    gl.enable(gl.CULL_FACE);
    gl.clearColor(0.082, 0.09, 0.11, 1); // the page's background, #15171c

    return {
      draw(frame) {
        gl.viewport(0, 0, canvas.width, canvas.height);
        gl.clear(gl.COLOR_BUFFER_BIT | gl.DEPTH_BUFFER_BIT);
        gl.uniformMatrix4fv(viewProjection, false, multiply(perspective(Math.PI / 4, canvas.width / canvas.height, 0.1, 100), lookAt(eye, [0, 0, 0])));
        const m = multiply(translate(frame.x * 2.2, frame.y * 1.2, 0), multiply(rotateZ(frame.roll), multiply(rotateX(frame.pitch), rotateY(frame.yaw))));
        gl.uniformMatrix4fv(model, false, m);
        const hex = parseInt(frame.color.slice(1), 16);
        gl.uniform3fv(color, [(hex >> 16 & 255) / 255, (hex >> 8 & 255) / 255, (hex & 255) / 255]);
        gl.drawElements(gl.TRIANGLES, geometry.indices.length, gl.UNSIGNED_SHORT, 0);
      },
    };
  }

  return { create };
})();
