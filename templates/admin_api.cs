<?cs include:"header.cs" ?>
<?cs include:"admin_nav.cs" ?>
<section class="admin-api">
  <h1><?cs var:Lang.adm.api.title ?></h1>
  <?cs if:Query.deleted ?><p class="notice" role="status"><?cs var:Lang.adm.api.deleted ?></p><?cs /if ?>
  <?cs include:"errors.cs" ?>
  <?cs if:?New.token ?>
  <div class="notice new-token" role="status">
    <p><?cs var:Lang.adm.api.created ?> <strong class="account"><?cs var:New.name ?></strong></p>
    <p><?cs var:Lang.adm.api.token ?>: <code class="token"><?cs var:New.token ?></code></p>
    <p class="warning"><strong><?cs var:Lang.adm.api.once ?></strong></p>
  </div>
  <?cs /if ?>
  <p class="hint"><?cs var:Lang.adm.api.hint ?> <code class="api-url"><?cs var:Api.url ?></code></p>
  <?cs if:subcount(Api.accounts) > 0 ?>
  <table class="list api-accounts">
    <thead><tr><th><?cs var:Lang.adm.api.name ?></th><th><?cs var:Lang.adm.api.created_at ?></th><th><?cs var:Lang.adm.api.last_call ?></th><th></th></tr></thead>
    <tbody>
    <?cs each:c = Api.accounts ?>
    <tr data-id="<?cs var:c.id ?>"><td class="name"><?cs var:c.name ?></td><td class="created"><?cs var:c.created ?></td><td class="last-call"><?cs if:?c.last_call ?><?cs var:c.last_call ?><?cs else ?><?cs var:Lang.adm.api.never ?><?cs /if ?></td><td><a class="btn danger" href="<?cs var:Base.admin ?>/api/<?cs var:c.id ?>/delete"><?cs var:Lang.adm.api.remove ?></a></td></tr>
    <?cs /each ?>
    </tbody>
  </table>
  <?cs else ?><p><?cs var:Lang.adm.api.none ?></p><?cs /if ?>
  <h2><?cs var:Lang.adm.api.new ?></h2>
  <form method="post" action="<?cs var:Base.admin ?>/api/new" class="form" autocomplete="off">
    <input type="hidden" name="csrf" value="<?cs var:User.csrf ?>">
    <label for="name"><?cs var:Lang.adm.api.name ?></label>
    <input id="name" name="name" maxlength="32" autocapitalize="characters" value="<?cs var:Form.name ?>" required<?cs if:Error.name ?> aria-invalid="true"<?cs /if ?>>
    <p class="hint"><?cs var:Lang.adm.api.name_hint ?></p>
    <?cs if:Error.name ?><p class="field-error"><?cs var:Error.name ?></p><?cs /if ?>
    <div class="actions"><button type="submit" class="primary"><?cs var:Lang.adm.api.create ?></button></div>
  </form>
</section>
<?cs include:"footer.cs" ?>
